import type { z } from 'zod';
import type { LogLevel } from './protocol';
import type { Project } from '../project/project';

/** What a job's `run` sees inside its process. */
export interface JobContext<P> {
  jobId: string;
  params: P;
  projectDir: string;
  /**
   * The job's private folder (`<project>/.tmp/<jobId>`, or the scratch folder's for a read-only
   * project): everything the job writes goes here.
   * The host moves results into the project in `commit`, so a killed job leaves only debris
   * in `.tmp`, never a half-written dataset or run.
   */
  workDir: string;
  /** aborted when the job is cancelled; long loops check it (or call `throwIfCancelled`) */
  signal: AbortSignal;
  throwIfCancelled(): void;
  /** reports progress; sends are throttled, and the rate and ETA are computed here */
  progress(step: number, total: number, extra?: { unit?: string; metrics?: Record<string, number> }): void;
  log(line: string, level?: LogLevel): void;
}

/** What `commit` sees in the host process, once the job has finished. */
export interface CommitContext {
  jobId: string;
  project: Project;
  workDir: string;
  /** the studio's scratch folder for this project (project/scratch.ts), for kinds that run on read-only projects */
  scratchDir: string;
}

/** One entry of the job-kind registry (STYLE.md habit 4). */
export interface JobKind<P extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  kind: string;
  doc: string;
  params: P;
  result: R;
  /**
   * Params that name files or folders a client chose. Front doors confine them like any other
   * client path (see PathPolicy) before the job starts, so `startJob` cannot read past `serve`'s roots.
   */
  pathParams?: readonly string[];
  /** the job's title; `name` gives the name the project lists an id (run, dataset, corpus, model) under */
  title(params: z.output<P>, name: (id: string) => string): string;
  /** runs in the job process */
  run(ctx: JobContext<z.output<P>>): Promise<z.output<R>>;
  /** runs in the host after `run` succeeded: moves outputs out of workDir, registers them in the manifest */
  commit(ctx: CommitContext, result: z.output<R>): Promise<void>;
  /**
   * For kinds whose cancelled work is worth keeping (a training run and its resume state): on
   * cancel, `run` saves what it has and returns a result describing it, and the host commits
   * that here instead of dropping the work folder. A job killed before `run` returned commits
   * nothing.
   */
  commitPartial?(ctx: CommitContext, partial: z.output<R>): Promise<void>;
  /**
   * Whether the kind may run on a project opened read-only. Its work folder is then in the
   * studio's scratch folder for the project, and its `commit` must write there, never into the
   * project (the feature explorer's statistics: derived data an analyst needs to explore a
   * project another studio is writing).
   */
  readOnlyProjects?: boolean;
  /** how long a cancelled job of this kind may take to save before the host sends SIGTERM (SIGKILL after twice that) */
  cancelGraceMs?: number;
}

export function defineJobKind<P extends z.ZodType, R extends z.ZodType>(kind: JobKind<P, R>): JobKind<P, R> {
  return kind;
}

/**
 * Thrown by a kind's `run` that failed after saving work worth keeping (a diverged training
 * keeps its last good checkpoint): the job ends in `error` with this error, and the host
 * commits `partial` through the kind's `commitPartial`.
 */
export class FailedWithPartial extends Error {
  constructor(
    readonly error: unknown,
    readonly partial: unknown,
  ) {
    super((error as Error)?.message ?? String(error));
  }
}
