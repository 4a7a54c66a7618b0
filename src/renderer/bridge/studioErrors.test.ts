import { describe, expect, it } from 'vitest';
import type { StudioApi } from '../../shared/api';
import { methodNames } from '../../shared/api/names';
import { StudioError } from '../../shared/errors';
import { unavailable, withStudioErrors } from './studioErrors';

/** A door whose `openProject` fails with `thrown` and whose other methods echo their arguments. */
function door(thrown: unknown): StudioApi {
  const api: Record<string, unknown> = { on: () => () => undefined };
  for (const name of methodNames) api[name] = async (args: unknown) => (name === 'openProject' ? Promise.reject(thrown) : args);
  return api as StudioApi;
}

describe('withStudioErrors', () => {
  it('rebuilds a StudioError from the JSON the preload rejects with', async () => {
    const json = { name: 'StudioError', code: 'bad-file', message: 'studio.json is truncated', where: '/p/studio.json' };
    const err = await withStudioErrors(door(json)).openProject({ dir: '/p' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'bad-file', where: '/p/studio.json', detail: 'studio.json is truncated' });
  });

  it('wraps a network failure, naming the method', async () => {
    const err = await withStudioErrors(door(new TypeError('Failed to fetch'))).openProject({ dir: '/p' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'internal', where: 'openProject', detail: 'Failed to fetch' });
  });

  it('passes results and every method of the table through', async () => {
    const api = withStudioErrors(door(null));
    for (const name of methodNames) expect(typeof api[name]).toBe('function');
    await expect(api.getProject({ projectDir: '/p' })).resolves.toEqual({ projectDir: '/p' });
  });
});

describe('unavailable', () => {
  it('rejects every method with the same error', async () => {
    const error = new StudioError('unauthorized', 'no token', 'page URL ?token=');
    const api = unavailable(error);
    for (const name of methodNames) await expect((api[name] as (a: unknown) => Promise<unknown>)({})).rejects.toBe(error);
  });
});
