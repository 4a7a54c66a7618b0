import type { StudioApi } from '../../shared/api';
import { StudioError } from '../../shared/errors';
import { methodNames } from '../../shared/api/names';

/**
 * Errors thrown in the preload cross `contextBridge` as plain objects (StudioErrorJson), and a
 * fetch that cannot reach the server throws a TypeError; `StudioError.from` keeps a
 * StudioError (or its JSON) whole and wraps anything else naming the method, so every screen
 * handles one type.
 */
export function withStudioErrors(inner: StudioApi): StudioApi {
  const api: Record<string, unknown> = { on: inner.on.bind(inner) };
  for (const name of methodNames) {
    const call = inner[name] as (args: unknown) => Promise<unknown>;
    api[name] = (args: unknown) => call(args).catch((err: unknown) => Promise.reject(StudioError.from(err, name)));
  }
  return api as StudioApi;
}

/** An API whose every call fails with `error`: the page still renders and says what is wrong. */
export function unavailable(error: StudioError): StudioApi {
  const api: Record<string, unknown> = { on: () => () => undefined };
  for (const name of methodNames) api[name] = () => Promise.reject(error);
  return api as StudioApi;
}
