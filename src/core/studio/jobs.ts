import { jobKinds } from '../jobs/kinds';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';

type JobMethods = 'listJobKinds' | 'startJob' | 'listJobs' | 'getJob' | 'cancelJob';

export function jobHandlers(ctx: StudioContext): HandlerGroup<JobMethods> {
  return {
    listJobKinds: async () => Object.values(jobKinds).map((k) => ({ kind: k.kind, doc: k.doc })),
    async startJob({ projectDir, kind, params }) {
      const info = await ctx.jobs.start(await openedProject(ctx, projectDir), kind, params);
      return { jobId: info.id };
    },
    listJobs: async () => ctx.jobs.list(),
    getJob: async ({ jobId }) => ctx.jobs.get(jobId),
    cancelJob: ({ jobId }) => ctx.jobs.cancel(jobId),
  };
}
