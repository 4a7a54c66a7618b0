import { z } from 'zod';
import { JobInfo } from '../schemas/job';

/** Events pushed from core to every front door (IPC `studio:event`, WebSocket messages). */
export const JobLogLine = z.object({ jobId: z.string(), level: z.enum(['info', 'warn', 'error']), line: z.string(), at: z.string() });
export type JobLogLine = z.infer<typeof JobLogLine>;

export const studioEvents = {
  jobUpdate: JobInfo,
  jobLog: JobLogLine,
} as const;

export type StudioEvents = typeof studioEvents;
export type EventName = keyof StudioEvents;
export type EventPayload<E extends EventName> = z.output<StudioEvents[E]>;
