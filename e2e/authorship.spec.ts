import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { C50_SAMPLE_FILE } from '../src/core/models/authorship/samples';
import { Project } from '../src/core/project/project';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { AuthorshipPage } from './pages/AuthorshipPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';
import { RunJobDialog } from './pages/RunJobDialog';

test('read the three systems, the faithfulness figures and why a pair was decided, with evidence in both texts; export the report; start and cancel the demo job', async ({ page, studio }) => {
  test.setTimeout(180_000);
  // 8 authors × 4 texts of the shipped C50 sample (resources/authorship, CC BY 4.0), cut short to train in seconds
  const rows = gunzipSync(await fs.readFile(C50_SAMPLE_FILE)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { id: string; author: string; text: string });
  const authors = [...new Set(rows.map((r) => r.author))].slice(0, 8);
  const texts = path.join(studio.root, 'texts.jsonl');
  await fs.writeFile(texts, authors.flatMap((a) => rows.filter((r) => r.author === a).slice(0, 4)).map((r) => JSON.stringify({ ...r, text: r.text.slice(0, 600) })).join('\n') + '\n');
  const dir = path.join(studio.root, 'authorship.fstudio');
  await (await Project.create(dir, 'Authorship study')).close();
  // trained by the CLI, as an analyst would before opening the project
  const cli = path.resolve('bin/feature-studio.js');
  const env = { ...process.env, FEATURE_STUDIO_HOME: path.join(studio.root, '.cli-home') };
  const { stdout } = await promisify(execFile)(process.execPath, [cli, 'authorship', 'train', '--project', dir, '--texts', texts, '--train-pairs', '40', '--epochs', '3', '--json'], { env, cwd: studio.root });
  expect(Object.keys(JSON.parse(stdout).models)).toEqual(['interpretable', 'residualized', 'neuralOnly']);

  await new HomePage(page).openProject(dir);
  // the Overview's demo button prepares the shipped demo in the job dialog
  await page.getByTestId('demo-authorship').click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.kind()).toHaveValue('train-authorship');
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();

  const authorship = new AuthorshipPage(page);
  await authorship.open();
  for (const system of ['interpretable', 'residualized', 'neuralOnly'] as const) await expect(authorship.systemRow(system)).toBeVisible();
  await expect(authorship.icHistogram()).toBeVisible();
  await expect(page.getByTestId('flip-share')).toContainText('%');

  const first = authorship.pairButtons().first();
  await first.click();
  await expect(authorship.pairView()).toContainText('s_I');
  await expect(page.getByTestId('authorship-waterfall')).toBeVisible();
  await expect(page.getByTestId('residual-share')).toContainText('%');
  // the top feature's evidence is highlighted in both texts
  await expect(authorship.evidence('a').first()).toBeVisible();
  await expect(authorship.evidence('b').first()).toBeVisible();
  // ↓ opens the next pair and moves the focus to it
  await first.press('ArrowDown');
  await expect(authorship.pairButtons().nth(1)).toBeFocused();
  await expect(authorship.pairButtons().nth(1)).toHaveClass(/active/);
  await expect(authorship.pairView()).toBeVisible();

  await authorship.exportReport();
  await expect(authorship.report()).toContainText('.pdf');
  await expect(authorship.report().getByRole('link', { name: 'open it in Reports' })).toBeVisible();
  await saveScreenshot(page, 'authorship');

  // the Overview's demo starts the shipped-sample training as a job with progress, and it cancels cleanly
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Overview' }).click();
  await page.getByTestId('demo-authorship').click();
  await dialog.start();
  await dialog.startedAndClosed();
  const job = new JobsPanel(page).job('train-authorship');
  await expect(job.progressbar()).toBeVisible({ timeout: 60_000 });
  await job.cancel();
  await expect(job.state()).toHaveText(/cancel/i, { timeout: 60_000 });
  // the workspace's own screen says so too, where the analyst will look for the result
  await authorship.open();
  await expect(authorship.root().getByTestId('workspace-job')).toHaveAttribute('data-job-state', 'cancelled');
});
