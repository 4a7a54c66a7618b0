import { promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { JobInfo } from '../../shared/schemas/job';
import type { EventName, EventPayload, JobLogLine } from '../../shared/api/event-table';
import { issueInWords } from '../../shared/issueWords';
import { StudioError } from '../../shared/errors';
import type { Project } from '../project/project';
import { jobTmpDir } from '../project/layout';
import { entryName } from '../../shared/entryName';
import { projectScratchDir } from '../project/scratch';
import { jobKinds } from './kinds';
import type { FromWorker, LogLevel, SpawnWorker, WorkerChannel } from './protocol';
import { forkWorker } from './fork';

export type Emit = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface JobManagerOptions {
  emit: Emit;
  /** the studio's per-user folder; read-only projects' jobs work in its scratch folders */
  home: string;
  /** how job processes are started: `forkWorker` outside Electron, utilityProcess inside */
  spawn?: SpawnWorker;
  /** after a cancel message, how long a job may take to stop before SIGTERM, then SIGKILL */
  cancelGraceMs?: number;
}

/** Log lines kept per job for `getJobLog`; older ones are only in the event stream. */
const LOG_LINES_KEPT = 500;

interface Running {
  info: JobInfo;
  log: JobLogLine[];
  channel: WorkerChannel;
  project: Project;
  workDir: string;
  scratchDir: string;
  cancelRequested: boolean;
  timers: NodeJS.Timeout[];
  ended: Promise<JobInfo>;
}

/**
 * Starts jobs in child processes and follows them to an end state. The project changes only in
 * the host, through the kind's `commit`, after the job process reported success (or its
 * `commitPartial`, after a cancelled job reported what it saved); whatever else a cancelled or
 * crashed job left in its work folder is removed.
 */
export class JobManager {
  private readonly jobs = new Map<string, Running>();
  private readonly spawn: SpawnWorker;
  private readonly graceMs: number;

  constructor(private readonly options: JobManagerOptions) {
    this.spawn = options.spawn ?? forkWorker;
    this.graceMs = options.cancelGraceMs ?? 3000;
  }

  async start(project: Project, kindName: string, rawParams: unknown): Promise<JobInfo> {
    // Own keys only: `__proto__` or `toString` must be an unknown kind, not Object's (issue 24).
    const kind = Object.hasOwn(jobKinds, kindName) ? jobKinds[kindName] : undefined;
    if (!kind) throw new StudioError('bad-input', `unknown job kind ${JSON.stringify(kindName)} (known: ${Object.keys(jobKinds).join(', ')})`, 'kind');
    const parsed = kind.params.safeParse(rawParams);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new StudioError('bad-input', issueInWords(issue), ['params', ...issue.path.map(String)].join('.'));
    }
    if (!kind.readOnlyProjects) project.assertWritable();
    const id = `job-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
    const scratchDir = projectScratchDir(this.options.home, project.dir);
    const workDir = project.readOnly ? jobTmpDir(scratchDir, id) : jobTmpDir(project.dir, id);
    await fs.mkdir(workDir, { recursive: true });
    const info: JobInfo = {
      id,
      kind: kindName,
      title: kind.title(parsed.data, entryName(project.manifest)),
      projectDir: project.dir,
      state: 'running',
      progress: null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      error: null,
    };
    let channel: WorkerChannel;
    try {
      channel = this.spawn();
    } catch (err) {
      await fs.rm(workDir, { recursive: true, force: true });
      throw new StudioError('runtime', `the job process could not start: ${(err as Error).message}`, kindName);
    }
    let resolveEnded!: (info: JobInfo) => void;
    const job: Running = { info, log: [], channel, project, workDir, scratchDir, cancelRequested: false, timers: [], ended: new Promise((r) => (resolveEnded = r)) };
    this.jobs.set(id, job);

    let outcome: FromWorker | null = null;
    channel.onMessage((message) => {
      if (message.type === 'progress') this.update(job, { progress: message.progress });
      else if (message.type === 'log') this.appendLog(job, message.level, message.line);
      else outcome = message;
    });
    channel.onExit((code, signal) => {
      void this.settle(job, outcome, code, signal).then(resolveEnded);
    });
    channel.send({ type: 'start', jobId: id, kind: kindName, params: parsed.data, projectDir: project.dir, workDir });
    this.options.emit('jobUpdate', info);
    return info;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => j.info).reverse();
  }

  get(jobId: string): JobInfo {
    return this.job(jobId).info;
  }

  log(jobId: string): JobLogLine[] {
    return [...this.job(jobId).log];
  }

  /** The job process, for hosts that need its pid (tests simulate crashes with it). */
  pidOf(jobId: string): number | undefined {
    return this.job(jobId).channel.pid;
  }

  /** Resolves once the job has ended (in whatever state). */
  whenEnded(jobId: string): Promise<JobInfo> {
    return this.job(jobId).ended;
  }

  /** Asks the job to stop, then escalates to SIGTERM and SIGKILL; resolves with its end state. */
  async cancel(jobId: string): Promise<JobInfo> {
    const job = this.job(jobId);
    if (job.info.state !== 'running' || job.cancelRequested) return job.ended;
    job.cancelRequested = true;
    job.channel.send({ type: 'cancel' });
    const grace = Math.max(this.graceMs, jobKinds[job.info.kind].cancelGraceMs ?? 0);
    job.timers.push(setTimeout(() => job.channel.kill('SIGTERM'), grace));
    job.timers.push(setTimeout(() => job.channel.kill('SIGKILL'), 2 * grace));
    return job.ended;
  }

  /** Cancels every running job (on shutdown). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.jobs.values()].filter((j) => j.info.state === 'running').map((j) => this.cancel(j.info.id)));
  }

  private job(jobId: string): Running {
    const job = this.jobs.get(jobId);
    if (!job) throw new StudioError('not-found', `no job "${jobId}" in this session`, 'jobId');
    return job;
  }

  private appendLog(job: Running, level: LogLevel, text: string): void {
    const line: JobLogLine = { jobId: job.info.id, level, line: text, at: new Date().toISOString() };
    job.log.push(line);
    if (job.log.length > LOG_LINES_KEPT) job.log.shift();
    this.options.emit('jobLog', line);
  }

  private update(job: Running, patch: Partial<JobInfo>): void {
    job.info = { ...job.info, ...patch };
    this.options.emit('jobUpdate', job.info);
  }

  private async settle(job: Running, outcome: FromWorker | null, code: number | null, signal: string | null): Promise<JobInfo> {
    for (const t of job.timers) clearTimeout(t);
    const end = (patch: Partial<JobInfo>): JobInfo => {
      this.update(job, { ...patch, endedAt: new Date().toISOString() });
      return job.info;
    };
    try {
      const kind = jobKinds[job.info.kind];
      const commitCtx = { jobId: job.info.id, project: job.project, workDir: job.workDir, scratchDir: job.scratchDir };
      if (job.cancelRequested) {
        if (outcome?.type !== 'partial' || !kind.commitPartial) return end({ state: 'cancelled' });
        const partial = kind.result.parse(outcome.result);
        await kind.commitPartial(commitCtx, partial);
        return end({ state: 'cancelled', result: partial });
      }
      if (outcome?.type === 'done') {
        const result = kind.result.parse(outcome.result);
        await kind.commit(commitCtx, result);
        return end({ state: 'done', result, progress: job.info.progress && { ...job.info.progress, step: job.info.progress.total, etaSeconds: 0 } });
      }
      if (outcome?.type === 'error') {
        if (outcome.partial !== undefined && kind.commitPartial) {
          const partial = kind.result.parse(outcome.partial);
          await kind.commitPartial(commitCtx, partial);
          return end({ state: 'error', error: outcome.error, result: partial });
        }
        return end({ state: outcome.error.code === 'cancelled' ? 'cancelled' : 'error', error: outcome.error });
      }
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      return end({ state: 'error', error: { code: 'runtime', message: `the job process ${how} before finishing`, where: job.info.id } });
    } catch (err) {
      const error = StudioError.from(err, job.info.id).toJSON();
      return end({ state: 'error', error });
    } finally {
      await fs.rm(job.workDir, { recursive: true, force: true });
    }
  }
}
