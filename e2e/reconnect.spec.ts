import path from 'node:path';
import type { WebSocketRoute } from '@playwright/test';
import { expect, test } from './fixtures';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';

interface JobRow {
  kind: string;
  state: string;
}

test('events missed while the event socket was down are fetched when it reconnects', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'net.fstudio'), 'Flaky network');
  const datasets = new DatasetsPage(page);
  await datasets.open(); // a new project opens on its Overview

  // The first event socket after the reload reaches the server, but its events never reach the
  // page; later sockets pass everything through.
  let first: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/api\/events/, (ws) => {
    const server = ws.connectToServer();
    if (first) return;
    first = ws;
    server.onMessage(() => undefined);
  });
  await page.reload();
  await expect.poll(() => first !== null).toBe(true);

  const jobs = new JobsPanel(page);
  // about a million rows: long enough to be still running when the page first asks for it
  await jobs.run('toy-dataset', { rows: 1_000_000, dims: 32, name: 'offline toy' });
  const job = jobs.job('toy-dataset');
  await expect(job.root).toBeVisible();

  // ask the server directly until the job has ended there
  const { origin, searchParams } = new URL(studio.server.url);
  const listJobs = async () => {
    const response = await page.request.post(`${origin}/api/listJobs`, { headers: { authorization: `Bearer ${searchParams.get('token')}` }, data: {} });
    return ((await response.json()) as JobRow[]).find((j) => j.kind === 'toy-dataset')?.state;
  };
  await expect.poll(listJobs, { timeout: 60_000 }).toBe('done');
  // the page heard none of it
  await expect(job.state()).not.toHaveText('done');

  await first!.close();
  await expect(job.state()).toHaveText('done');
  await expect(datasets.list().getByRole('link', { name: 'offline toy' })).toBeVisible();
});
