import path from 'node:path';
import { expect, test } from './fixtures';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';
import { saveScreenshot } from './screenshots';

// Sizes of the synthetic toy-dataset job (superposed sparse features): a small one that
// finishes, and one that runs for several seconds (the generator makes roughly 0.3–1M rows/s
// here) so it is still running when cancelled, yet bounded (1.5 GB) should a cancel fail.
const SMALL = { rows: 2_000, dims: 32 };
const LARGE = { rows: 3_000_000, dims: 128 };

test('run a job to the end, and cancel another without harming the project', async ({ page, studio }) => {
  const dir = path.join(studio.root, 'toy.fstudio');
  await new HomePage(page).createProject(dir, 'Toy');
  const jobs = new JobsPanel(page);
  const datasets = new DatasetsPage(page);
  await datasets.open(); // a new project opens on its Overview

  await jobs.run('toy-dataset', SMALL);
  const small = jobs.job('toy-dataset');
  await expect(small.state()).toHaveText('done');
  await expect(small.percent()).toHaveText('100%');
  await expect(datasets.list().getByRole('row')).toHaveCount(2); // header + the toy dataset

  await jobs.run('toy-dataset', LARGE);
  const large = jobs.job('toy-dataset');
  await expect(large.state()).toHaveText('running');
  // progress is reported while it runs: a rate and an ETA appear
  await expect.poll(() => large.progressValue()).toBeGreaterThan(0);
  await expect(large.detail()).toContainText('ETA');
  await saveScreenshot(page, 'jobs');
  await expect(page.getByTestId('jobs-toggle')).toContainText('1');
  await large.cancel();
  await expect(large.state()).toHaveText('cancelled');
  await expect(page.getByTestId('jobs-toggle')).toHaveText('Jobs');

  // the cancelled job registered nothing, and the project reopens with its one dataset
  await page.reload();
  await expect(datasets.list().getByRole('row')).toHaveCount(2);

  // seen from another project, the panel says which project a job was run in
  await page.locator('body').press('h');
  await new HomePage(page).createProject(path.join(studio.root, 'other.fstudio'), 'Other');
  await jobs.open();
  await expect(jobs.job('toy-dataset').root.getByTestId('job-project')).toHaveText('in toy.fstudio');
});
