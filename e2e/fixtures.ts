import { test as base, expect, type Page } from '@playwright/test';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServe, type RunningServer } from './serve';

export interface StudioFixture {
  /** the temp folder the server is confined to; projects and files to import go here */
  root: string;
  server: RunningServer;
}

/** Console messages that are not failures of the page under test. */
const IGNORED_CONSOLE = [/Download the Vue Devtools/];

/**
 * Each test gets a fresh temp root and its own `serve` (a fresh recent-projects list via
 * FEATURE_STUDIO_HOME), and a page that fails the test on any uncaught error or console error
 * (CSP violations and failed requests show up there too).
 */
export const test = base.extend<{ studio: StudioFixture; page: Page; allowConsoleErrors: RegExp[] }>({
  /** a spec that provokes an error on purpose (a 4xx answer logs one) lists it here first */
  // eslint-disable-next-line no-empty-pattern -- Playwright reads a fixture's dependencies from this pattern
  allowConsoleErrors: async ({}, use) => {
    await use([]);
  },
  // eslint-disable-next-line no-empty-pattern -- as above: no dependencies
  studio: async ({}, use, testInfo) => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'fstudio-e2e-'));
    const home = path.join(root, '.home');
    await mkdir(home);
    const server = await startServe(root, home);
    try {
      await use({ root, server });
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) await testInfo.attach('serve output', { body: server.output(), contentType: 'text/plain' });
      await server.stop();
      await rm(root, { recursive: true, force: true });
    }
  },
  page: async ({ page, studio, allowConsoleErrors }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && ![...IGNORED_CONSOLE, ...allowConsoleErrors].some((re) => re.test(msg.text()))) problems.push(`console error: ${msg.text()}`);
    });
    await page.goto(studio.server.url);
    await use(page);
    expect(problems, 'the page logged errors').toEqual([]);
  },
});

export { expect };
