import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const electronDist = path.resolve('node_modules/electron/dist');

test('the desktop app opens the home screen with the preload bridge', async () => {
  test.skip(!existsSync(electronDist), 'Electron binary not installed: it cannot be downloaded on this machine');
  const home = await mkdtemp(path.join(os.tmpdir(), 'fstudio-electron-'));
  const app = await electron.launch({ args: ['.'], env: { ...process.env, FEATURE_STUDIO_HOME: home } });
  try {
    const window = await app.firstWindow();
    const problems: string[] = [];
    window.on('pageerror', (err) => problems.push(err.message));
    window.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await expect(window.getByTestId('home')).toBeVisible();
    // the renderer talks to window.studio here, not to an HTTP server
    expect(await window.evaluate(() => typeof (window as unknown as { studio?: { health?: unknown } }).studio?.health)).toBe('function');
    await expect(window.getByTestId('recent-projects').getByTestId('empty-state')).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
