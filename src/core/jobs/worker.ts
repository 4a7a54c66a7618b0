/**
 * Entry of a job process. Started by `forkWorker` (serve, CLI, tests) or by Electron's
 * `utilityProcess` (bundled with `?modulePath`); it waits for one `start`, runs that job and
 * exits. Crashes stay in this process: the host sees the exit and the project is untouched.
 */
import { StudioError } from '../../shared/errors';
import type { JobProgress } from '../../shared/schemas/job';
import { RateMeter } from './eta';
import { FailedWithPartial, type JobContext } from './kind';
import { loadJobKind } from './kinds/load';
import type { FromWorker, ToWorker } from './protocol';

const PROGRESS_INTERVAL_MS = 100;

interface ParentPort {
  send(message: FromWorker): Promise<void>;
  onMessage(listener: (message: ToWorker) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

function connect(): ParentPort {
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (electronPort) {
    return {
      send: async (message) => electronPort.postMessage(message),
      onMessage: (listener) => electronPort.on('message', (event) => listener(event.data as ToWorker)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    // A host that died (even by SIGKILL) closes the IPC channel: stop rather than run on
    // orphaned. Only `.tmp` holds this job's output, and the next opener clears it.
    process.on('disconnect', () => process.exit(1));
    return {
      send: (message) => new Promise<void>((resolve) => send(message, undefined, undefined, () => resolve())),
      onMessage: (listener) => process.on('message', (message) => listener(message as ToWorker)),
    };
  }
  throw new Error('the job worker runs only under a job host (fork or utilityProcess)');
}

const port = connect();
const controller = new AbortController();
let started = false;

async function finish(message: FromWorker, code: number): Promise<never> {
  await port.send(message);
  process.exit(code);
}

process.on('uncaughtException', (err) => void finish({ type: 'error', error: StudioError.from(err).toJSON() }, 1));
process.on('unhandledRejection', (err) => void finish({ type: 'error', error: StudioError.from(err).toJSON() }, 1));

port.onMessage((message) => {
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'start' && !started) {
    started = true;
    void runJob(message);
  }
});

async function runJob(start: Extract<ToWorker, { type: 'start' }>): Promise<void> {
  const kind = await loadJobKind(start.kind);
  if (!kind) return finish({ type: 'error', error: new StudioError('not-found', `unknown job kind "${start.kind}"`, 'kind').toJSON() }, 1);
  const meter = new RateMeter();
  let lastSent = -Infinity;
  const ctx: JobContext<unknown> = {
    jobId: start.jobId,
    params: kind.params.parse(start.params),
    projectDir: start.projectDir,
    workDir: start.workDir,
    signal: controller.signal,
    throwIfCancelled() {
      if (controller.signal.aborted) throw new StudioError('cancelled', 'the job was cancelled', start.jobId);
    },
    progress(step, total, extra) {
      const { rate, etaSeconds } = meter.update(step, total);
      const now = performance.now();
      if (now - lastSent < PROGRESS_INTERVAL_MS && step < total) return;
      lastSent = now;
      const progress: JobProgress = { step, total, rate, etaSeconds, unit: extra?.unit ?? 'steps', metrics: extra?.metrics ?? {} };
      void port.send({ type: 'progress', progress });
    },
    log(line, level = 'info') {
      void port.send({ type: 'log', level, line });
    },
  };
  try {
    const result = await kind.run(ctx);
    if (controller.signal.aborted && kind.commitPartial) await finish({ type: 'partial', result }, 0);
    if (controller.signal.aborted) ctx.throwIfCancelled();
    await finish({ type: 'done', result }, 0);
  } catch (err) {
    const cause = err instanceof FailedWithPartial ? err.error : err;
    const error = controller.signal.aborted ? new StudioError('cancelled', 'the job was cancelled', start.jobId) : StudioError.from(cause);
    const partial = err instanceof FailedWithPartial && kind.commitPartial ? err.partial : undefined;
    await finish({ type: 'error', error: error.toJSON(), ...(partial !== undefined ? { partial } : {}) }, 1);
  }
}
