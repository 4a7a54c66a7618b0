import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadAppState, saveAppState } from './app-state';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-appstate-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('app state', () => {
  it('round-trips window size and last project, and falls back to defaults when unreadable', async () => {
    expect(await loadAppState(dir)).toEqual({ window: { width: 1280, height: 820, maximized: false }, lastProject: null });
    const state = { window: { width: 900, height: 700, maximized: true }, lastProject: '/data/study.fstudio' };
    await saveAppState(dir, state);
    expect(await loadAppState(dir)).toEqual(state);
    await fs.writeFile(path.join(dir, 'app-state.json'), '{"window": {"width": 10');
    expect((await loadAppState(dir)).window.width).toBe(1280);
  });
});
