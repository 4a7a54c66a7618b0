import { watch } from 'vue';
import type { JobInfo } from '../../shared/schemas/job';
import { useJobs } from '../stores/jobs';

/**
 * Calls `then` each time a job of the project at `dir()` ends done (of `kind` only, when given):
 * a screen reloads what such a job writes into the project.
 */
export function onProjectJobDone(dir: () => string, then: (job: JobInfo) => unknown, kind?: string): void {
  const jobs = useJobs();
  watch(
    () => jobs.lastEnded,
    async (job) => {
      if (job?.projectDir !== dir() || job.state !== 'done' || (kind !== undefined && job.kind !== kind)) return;
      await then(job);
    },
  );
}
