import { z } from 'zod';

export const JobState = z.enum(['queued', 'running', 'done', 'error', 'cancelled']);
export type JobState = z.infer<typeof JobState>;

export const JobProgress = z.object({
  step: z.number(),
  total: z.number(),
  /** seconds left at the current rate; null until the rate is known */
  etaSeconds: z.number().nullable(),
  /** items per second (rows, steps, games…) named by `unit` */
  rate: z.number().nullable(),
  unit: z.string().default('steps'),
  metrics: z.record(z.string(), z.number()).default({}),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const JobInfo = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  projectDir: z.string().optional(),
  state: JobState,
  progress: JobProgress.nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string(), where: z.string().optional() }).nullable(),
  result: z.unknown().optional(),
});
export type JobInfo = z.infer<typeof JobInfo>;

/** A registered job kind as the UI lists it (the params schema stays in core). */
export const JobKindInfo = z.object({
  kind: z.string(),
  doc: z.string(),
  /** JSON Schema (input side) of the job's parameters, for building its form */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type JobKindInfo = z.infer<typeof JobKindInfo>;
