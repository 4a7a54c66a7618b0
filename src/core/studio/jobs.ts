import { z } from 'zod';
import { jobKinds } from '../jobs/kinds';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';

type JobMethods = 'listJobKinds' | 'startJob' | 'listJobs' | 'getJob' | 'getJobLog' | 'cancelJob';

export function jobHandlers(ctx: StudioContext): HandlerGroup<JobMethods> {
  return {
    listJobKinds: async () => Object.values(jobKinds).map((k) => ({ kind: k.kind, doc: k.doc, params: z.toJSONSchema(k.params, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> })),
    async startJob({ projectDir, kind, params }) {
      const project = await openedProject(ctx, projectDir);
      const confined = { ...params };
      for (const name of (Object.hasOwn(jobKinds, kind) ? jobKinds[kind].pathParams : undefined) ?? []) {
        if (typeof confined[name] === 'string') confined[name] = await resolveClientPath(ctx, confined[name], `params.${name}`);
      }
      const info = await ctx.jobs.start(project, kind, confined);
      return { jobId: info.id };
    },
    listJobs: async () => ctx.jobs.list(),
    getJob: async ({ jobId }) => ctx.jobs.get(jobId),
    getJobLog: async ({ jobId }) => ctx.jobs.log(jobId),
    cancelJob: ({ jobId }) => ctx.jobs.cancel(jobId),
  };
}
