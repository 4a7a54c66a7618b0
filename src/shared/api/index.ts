import type { MethodArgs, MethodName, MethodResult } from './methods';
import type { EventName, EventPayload } from './event-table';

export * from './define';
export * from './http-wire';
export * from './methods';
export * from './event-table';
export * from './names';
export * from './client';
export * from './http-client';

/** What every front door sees: one async function per table entry, plus event subscription. */
export type StudioApi = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodResult<M>> } & {
  on<E extends EventName>(event: E, handler: (payload: EventPayload<E>) => void): () => void;
};
