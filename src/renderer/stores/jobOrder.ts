import type { JobInfo } from '../../shared/schemas/job';

const ENDED: readonly JobInfo['state'][] = ['done', 'error', 'cancelled'];

export const isEnded = (job: JobInfo) => ENDED.includes(job.state);
export const isActive = (job: JobInfo) => !isEnded(job);

const stateRank = (job: JobInfo) => (job.state === 'queued' ? 0 : job.state === 'running' ? 1 : 2);

/**
 * A `getJob` answer can arrive after a newer `jobUpdate` event for the same job; a job only
 * moves forward (queued → running → ended, step up), so an older snapshot is dropped.
 */
export function isStale(before: JobInfo | undefined, job: JobInfo): boolean {
  if (!before) return false;
  if (stateRank(job) !== stateRank(before)) return stateRank(job) < stateRank(before);
  return (job.progress?.step ?? 0) < (before.progress?.step ?? 0);
}
