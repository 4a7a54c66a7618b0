import type { JobProgress } from '../../shared/schemas/job';
import type { StudioErrorJson } from '../../shared/errors';

/**
 * Messages between the job host (parent) and a job process (DESIGN.md "Jobs"). The same
 * shapes travel over `child_process.fork`'s IPC and Electron's `utilityProcess` port.
 */
export type ToWorker =
  | { type: 'start'; jobId: string; kind: string; params: unknown; projectDir: string; workDir: string }
  /** asks the job to stop at its next check; the host escalates to signals after a grace period */
  | { type: 'cancel' };

export type LogLevel = 'info' | 'warn' | 'error';

export type FromWorker =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'log'; level: LogLevel; line: string }
  | { type: 'done'; result: unknown }
  /** cancelled, with the work saved so far (kinds with `commitPartial` only) */
  | { type: 'partial'; result: unknown }
  /** failed; `partial`, when set, is work saved before the failure (kinds with `commitPartial` only) */
  | { type: 'error'; error: StudioErrorJson; partial?: unknown };

/** The parent's handle on one job process, whatever hosts it. */
export interface WorkerChannel {
  readonly pid: number | undefined;
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  kill(signal: 'SIGTERM' | 'SIGKILL'): void;
}

export type SpawnWorker = () => WorkerChannel;
