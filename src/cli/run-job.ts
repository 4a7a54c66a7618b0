import { StudioError, type StudioErrorCode } from '../shared/errors';
import type { JobInfo } from '../shared/schemas/job';
import type { Studio } from '../core/studio';
import { ProgressBar } from './progress-bar';

/**
 * What a cancelled job left in the project, in words: a training keeps its runs at their last
 * save (issue 24: Ctrl-C said "the project is unchanged" while a cancelled run was saved).
 */
export function keptBy(end: JobInfo): string {
  const runs = (end.result as { runs?: { id: string; steps: number; plannedSteps?: number }[] } | undefined)?.runs;
  if (!Array.isArray(runs) || runs.length === 0) return 'the project is unchanged';
  const list = runs.map((r) => `runs/${r.id} at step ${r.steps}${r.plannedSteps ? ` of ${r.plannedSteps}` : ''}`).join(', ');
  return `kept ${list} as cancelled (resumable)`;
}

/**
 * Follows a job to its end with a progress bar and its log on stderr; Ctrl-C cancels it (the
 * project stays intact). Resolves with the finished job or throws its error.
 */
export async function followJob(studio: Studio, jobId: string, quiet = false): Promise<JobInfo> {
  const title = studio.jobs.get(jobId).title;
  const bar = new ProgressBar(title);
  const offUpdate = studio.on('jobUpdate', (job) => {
    if (job.id === jobId && job.progress && !quiet) bar.update(job.progress);
  });
  const offLog = studio.on('jobLog', (log) => {
    if (log.jobId === jobId && !quiet && log.level !== 'info') process.stderr.write(`${log.level}: ${log.line}\n`);
  });
  const onSigint = () => void studio.jobs.cancel(jobId);
  process.once('SIGINT', onSigint);
  try {
    const end = await studio.jobs.whenEnded(jobId);
    if (!quiet) bar.end();
    if (end.state === 'done') return end;
    if (end.state === 'cancelled') throw new StudioError('cancelled', `${title} was cancelled; ${keptBy(end)}`, jobId);
    if (end.error) throw new StudioError(end.error.code as StudioErrorCode, end.error.message, end.error.where);
    throw new StudioError('runtime', `${title} failed`, jobId);
  } finally {
    offUpdate();
    offLog();
    process.off('SIGINT', onSigint);
  }
}
