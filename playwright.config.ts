import { defineConfig } from '@playwright/test';

/**
 * The renderer is driven in Debian's Chromium (no browser download: CHROMIUM_PATH or
 * /usr/bin/chromium) against `feature-studio serve`, which serves the build in out/renderer;
 * `npm test` builds it first. One worker: CI machines have two cores and each test starts
 * its own server plus job processes.
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
};

export default defineConfig({
  testDir: 'e2e',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  outputDir: 'test-results',
  use: { trace: 'retain-on-failure', viewport: { width: 1280, height: 800 } },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts/, use: { browserName: 'chromium', launchOptions: chromium } },
    // The Electron spec has a project of its own, so the browser run never needs the binary.
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
