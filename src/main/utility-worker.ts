import { utilityProcess } from 'electron';
import { withHugePages } from '../core/engine/runtime/huge-pages';
import type { FromWorker, SpawnWorker, WorkerChannel } from '../core/jobs/protocol';
// electron-vite builds the job worker as its own bundle and gives its path here.
import workerPath from '../core/jobs/worker?modulePath';

/**
 * Hosts a job in an Electron utility process (a Node child of the app without a window), so
 * a crash in native code ends the job, not the app. It starts with transparent huge pages asked
 * for (huge-pages.ts). `kill()` sends SIGTERM; the platform offers no SIGKILL here, so both
 * escalation steps send it.
 */
export const utilityWorker: SpawnWorker = () => {
  const child = utilityProcess.fork(workerPath, [], { serviceName: 'Feature Studio job', stdio: 'inherit', env: withHugePages(process.env) });
  let exited = false;
  // Messages wait for the process to exist; the start message is sent right after fork.
  let pending: unknown[] | null = [];
  child.once('spawn', () => {
    for (const message of pending ?? []) child.postMessage(message);
    pending = null;
  });
  child.on('exit', () => (exited = true));
  const channel: WorkerChannel = {
    get pid() {
      return child.pid;
    },
    send: (message) => {
      if (pending) pending.push(message);
      else if (!exited) child.postMessage(message);
    },
    onMessage: (listener) => child.on('message', (message: FromWorker) => listener(message)),
    onExit: (listener) => child.on('exit', (code) => listener(code, null)),
    kill: () => {
      if (!exited) child.kill();
    },
  };
  return channel;
};
