import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { Studio } from '../studio';

/**
 * A fresh Studio per test, with its home and projects in a temp folder that is removed after
 * the test. Read `ctx.tmp` and `ctx.studio` inside tests (they are replaced for each test).
 */
export function useTempStudio(prefix: string): { tmp: string; studio: Studio } {
  const ctx = {} as { tmp: string; studio: Studio };
  beforeEach(async () => {
    ctx.tmp = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
    ctx.studio = new Studio({ home: path.join(ctx.tmp, 'home') });
  });
  afterEach(async () => {
    await ctx.studio.close();
    await fs.rm(ctx.tmp, { recursive: true, force: true });
  });
  return ctx;
}

/** Waits for a job and fails the test unless it ended `done` without an error. */
export async function expectJobDone(studio: Studio, jobId: string) {
  const end = await studio.jobs.whenEnded(jobId);
  expect(end.error ?? null).toBeNull();
  expect(end.state).toBe('done');
  return end;
}
