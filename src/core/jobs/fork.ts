import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { withHugePages } from '../engine/runtime/huge-pages';
import type { FromWorker, SpawnWorker, WorkerChannel } from './protocol';

/**
 * Hosts a job in a Node child process (serve, CLI, tests). The worker is TypeScript run
 * through tsx; tsx is resolved from this package, not the working directory, so the CLI works
 * from any folder. It starts with transparent huge pages asked for (huge-pages.ts).
 */
export const forkWorker: SpawnWorker = () => {
  const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const child = fork(workerPath, [], { env: withHugePages(process.env), execArgv: ['--import', tsx], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const channel: WorkerChannel = {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (listener) => child.on('message', (message) => listener(message as FromWorker)),
    onExit: (listener) => child.on('exit', listener),
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
  return channel;
};
