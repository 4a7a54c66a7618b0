import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const electronDist = path.resolve('node_modules/electron/dist');

test('the desktop app opens the home screen with the preload bridge', async () => {
  test.skip(!existsSync(electronDist), 'Electron binary not installed: it cannot be downloaded on this machine');
  const home = await mkdtemp(path.join(os.tmpdir(), 'fstudio-electron-'));
  // Chromium will not start as root with its OS-level sandbox on (CI containers), so only
  // there the test turns it off.
  const args = process.getuid?.() === 0 ? ['.', '--no-sandbox'] : ['.'];
  const app = await electron.launch({ args, env: { ...process.env, FEATURE_STUDIO_HOME: home } });
  try {
    const page = await app.firstWindow();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => msg.type() === 'error' && problems.push(msg.text()));
    await expect(page.getByTestId('home')).toBeVisible();
    // here the renderer talks to the preload's window.studio, not to an HTTP server
    expect(await page.evaluate(() => typeof (globalThis as { studio?: { health?: unknown } }).studio?.health)).toBe('function');
    await expect(page.getByTestId('recent-projects').getByTestId('empty-state')).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
