import { StudioError, type StudioErrorJson } from '../errors';
import type { StudioApi } from './index';
import type { EventMessage } from './http-wire';
import { methodNames } from './names';

/**
 * What a front door's client needs from its wire: call one method, and listen to events.
 * IPC (preload) and HTTP/WebSocket (browser) both implement it, so the StudioApi they hand to
 * the renderer is built here once, by iterating the table's names.
 */
export interface StudioTransport {
  /** Resolves with the result or rejects with a StudioError (or its JSON). */
  call(method: string, args: unknown): Promise<unknown>;
  /** Starts delivering every event; returns a function that stops it. */
  listen(listener: (message: EventMessage) => void): () => void;
}

/** How a method's outcome travels over IPC: `ipcMain.handle` keeps only an Error's message. */
export type CallOutcome = { ok: true; result: unknown } | { ok: false; error: StudioErrorJson };

export function unwrapOutcome(outcome: CallOutcome): unknown {
  if (outcome.ok) return outcome.result;
  throw StudioError.fromJSON(outcome.error);
}

export function createStudioClient(transport: StudioTransport): StudioApi {
  const handlers = new Map<string, Set<(payload: never) => void>>();
  let stop: (() => void) | null = null;

  const dispatch = (message: EventMessage): void => {
    for (const handler of handlers.get(message.event) ?? []) handler(message.payload as never);
  };

  const api: Record<string, unknown> = {};
  for (const name of methodNames) {
    api[name] = (args: unknown) => transport.call(name, args ?? {});
  }
  api.on = (event: string, handler: (payload: never) => void) => {
    if (!handlers.has(event)) handlers.set(event, new Set());
    handlers.get(event)!.add(handler);
    stop ??= transport.listen(dispatch);
    return () => {
      handlers.get(event)?.delete(handler);
      if ([...handlers.values()].every((set) => set.size === 0)) {
        stop?.();
        stop = null;
      }
    };
  };
  return api as StudioApi;
}
