import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import { Rng } from '../src/core/io/rng';
import { expect, test } from './fixtures';
import { writeNpyFloat32 } from './npy';
import { saveScreenshot } from './screenshots';
import { DatasetPage } from './pages/DatasetPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';

const ROWS = 2000;
const DIMS = 64;

/** A seeded Gaussian matrix: rows of N(0, 1) in 64 dims, so row norms cluster near 8. */
function gaussianMatrix(seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: ROWS * DIMS }, () => rng.normal());
}

test('create a project, import a .npy, watch the job, see the histogram', async ({ page, studio }) => {
  const npy = path.join(studio.root, 'acts-layer3.npy');
  await writeNpyFloat32(npy, gaussianMatrix(7), ROWS, DIMS);

  const home = new HomePage(page);
  await expect(home.recent().getByTestId('empty-state')).toBeVisible();
  await saveScreenshot(page, 'home');
  await home.createProject(path.join(studio.root, 'study.fstudio'), 'Layer 3 study');

  const datasets = new DatasetsPage(page);
  await datasets.open();
  await expect(datasets.empty()).toContainText('No datasets yet');
  await datasets.importFile(npy);

  const jobs = new JobsPanel(page);
  await jobs.open();
  const job = jobs.job('import-dataset');
  await expect(job.root).toBeVisible();
  await expect.poll(() => job.progressValue()).toBe(100);
  await expect(job.state()).toHaveText('done');
  await expect(job.percent()).toHaveText('100%');
  await expect(job.detail()).toContainText('rows');
  // the job's log lines arrived as events while it ran
  await job.root.getByText(/^Log \(\d+\)$/).click();
  await expect(job.root.getByTestId('job-log')).toContainText('acts-layer3.npy');
  await page.keyboard.press('Escape');
  await expect(jobs.root()).toBeHidden();

  // the finished job registers the dataset; the list reloads by itself
  await expect(datasets.list().getByRole('link', { name: 'acts-layer3' })).toBeVisible();
  await expect(datasets.extras('acts-layer3')).toHaveText('—');
  await saveScreenshot(page, 'datasets');
  await datasets.openDataset('acts-layer3');

  const dataset = new DatasetPage(page);
  await expect(dataset.shape()).toHaveText('2,000 rows × 64 dims');
  await expect(dataset.dtype()).toHaveText('float32');
  // the histogram counts every row of the file
  await expect(dataset.histogram()).toHaveAttribute('aria-label', /Histogram of row L2 norms: 2,000 rows in \d+ bins/);
  // Norms of 64-d standard normal rows follow a chi distribution with mean ≈ √63.5 ≈ 7.97 and
  // sd ≈ 0.71; over 2,000 rows the extremes fall within about ±4 sd, so the axis must span
  // 8 and stay inside [4, 12].
  const label = (await dataset.histogram().getAttribute('aria-label'))!;
  const [, from, to] = /from ([\d.]+) to ([\d.]+)/.exec(label)!.map(Number);
  expect(from).toBeGreaterThanOrEqual(4);
  expect(from).toBeLessThan(8);
  expect(to).toBeGreaterThan(8);
  expect(to).toBeLessThanOrEqual(12);
  await expect(dataset.meanStd()).toHaveAttribute('aria-label', /each of 64 dimensions/);
  await saveScreenshot(page, 'dataset');

  // the theme follows the OS colour scheme, live
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveCSS('background-color', 'rgb(18, 24, 31)');
  await saveScreenshot(page, 'dataset-dark');

  // the next step from a dataset: the new-run form, on this dataset
  await dataset.root().getByTestId('train-on-dataset').click();
  await expect(page.getByTestId('new-run').locator('select[name="dataset"]')).toHaveValue(/^acts-layer3/);
});

test('import a tensor picked from a real SAELens .safetensors file', async ({ page, studio }) => {
  // Real file: an Othello-GPT SAE (d_in 128, d_sae 1024) from thijmennijdam/Othello-GPT-FeatInterp,
  // commit 656f9e6, MIT; see ../shared/data/activations/SOURCES.md. Copied into the server's root.
  const source = path.resolve(
    '../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors',
  );
  const file = path.join(studio.root, 'sae_weights.safetensors');
  await copyFile(source, file);

  await new HomePage(page).createProject(path.join(studio.root, 'sae.fstudio'), 'SAE decoder');
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.inspect(file);
  const picker = datasets.tensorPicker();
  await expect(picker).toContainText('safetensors');
  // every tensor of the checkpoint is listed with its shape and dtype from the header
  for (const name of ['W_enc', 'W_dec', 'b_enc', 'b_dec']) await expect(picker.getByRole('radio', { name, exact: true })).toBeVisible();
  await expect(picker).toContainText(/W_dec\s*1,024 × 128 · F32/);
  await datasets.importInspected({ tensor: 'W_dec', name: 'decoder directions' });

  await expect(datasets.list().getByRole('link', { name: 'decoder directions' })).toBeVisible();
  await datasets.openDataset('decoder directions');
  const dataset = new DatasetPage(page);
  await expect(dataset.shape()).toHaveText('1,024 rows × 128 dims');
  await expect(dataset.histogram()).toHaveAttribute('aria-label', /1,024 rows/);
});
