import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseCsvRecords } from '../src/core/data/csv';
import { Rng } from '../src/core/io/rng';
import { REVIEWS, reviewTokens } from '../src/core/explorer/testing/seedTokens';
import { expect, test } from './fixtures';
import { writeNpyFloat32 } from './npy';
import { DatasetPage } from './pages/DatasetPage';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';

const DIMS = 16;
const REVIEW_COUNT = 30;

/**
 * The tokens of the first 30 real reviews (Amazon Fine Food Reviews, CC0; see
 * /work/shared/data/reviews/SOURCES.md §1), split as GPT-style tokenizers split text, written
 * as a token sidecar, and an .npy of seeded Gaussian activations with `rows` rows.
 */
async function writeTextActivations(dir: string, rows: (tokenCount: number) => number) {
  const [header, ...records] = parseCsvRecords(await fs.readFile(REVIEWS, 'utf8'));
  const text = header.indexOf('Text');
  const sequences = records.slice(0, REVIEW_COUNT).map((r) => reviewTokens(r[text]));
  const tokenCount = sequences.reduce((n, s) => n + s.length, 0);
  const rowCount = rows(tokenCount);
  const rng = new Rng(11);
  const npy = path.join(dir, 'reviews-layer4.npy');
  await writeNpyFloat32(npy, Float32Array.from({ length: rowCount * DIMS }, () => rng.normal()), rowCount, DIMS);
  const tokens = path.join(dir, 'reviews.tokens.json');
  await fs.writeFile(tokens, JSON.stringify({ sequences }));
  return { npy, tokens, sequences, tokenCount };
}

test('import a .npy with its token file through the form; the dataset page counts its tokens', async ({ page, studio }) => {
  const { npy, tokens, sequences, tokenCount } = await writeTextActivations(studio.root, (n) => n);
  const dir = path.join(studio.root, 'text.fstudio');
  await new HomePage(page).createProject(dir, 'Review activations');
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importFile(npy, { name: 'review tokens', tokens });

  const job = new JobsPanel(page).job('import-dataset');
  await expect(job.state()).toHaveText('done');
  await page.keyboard.press('Escape');
  await expect(datasets.list().getByRole('link', { name: 'review tokens' })).toBeVisible();
  await expect(datasets.extras('review tokens')).toHaveText(`${REVIEW_COUNT} sequences of tokens`);
  await datasets.openDataset('review tokens');

  const dataset = new DatasetPage(page);
  await expect(dataset.shape()).toHaveText(`${tokenCount.toLocaleString('en-US')} rows × ${DIMS} dims`);
  await expect(dataset.tokens()).toHaveText(`${REVIEW_COUNT} sequences, ${tokenCount.toLocaleString('en-US')} tokens`);
  // the sidecar stored in the project is the file the form named, row for row
  const [id] = await fs.readdir(path.join(dir, 'datasets'));
  const stored = JSON.parse(await fs.readFile(path.join(dir, 'datasets', id, 'tokens.json'), 'utf8')) as { sequences: string[][]; rows: number[][] };
  expect(stored.sequences).toEqual(sequences);
  expect(stored.rows).toHaveLength(tokenCount);
});

test('a token file that does not match the rows, or is missing, fails the job naming it and adds no dataset', async ({ page, studio }) => {
  // one row short: the last token has no activation
  const { npy, tokens, tokenCount } = await writeTextActivations(studio.root, (n) => n - 1);
  await new HomePage(page).createProject(path.join(studio.root, 'bad.fstudio'), 'Mismatched tokens');
  const datasets = new DatasetsPage(page);
  await datasets.open();
  const jobs = new JobsPanel(page);

  await datasets.importFile(npy, { tokens });
  let job = jobs.job('import-dataset');
  await expect(job.state()).toHaveText('error');
  await expect(job.root.getByTestId('job-error')).toContainText(`the token file describes ${tokenCount} rows but the activations have ${tokenCount - 1}`);
  await expect(job.root.getByTestId('job-error').locator('code')).toHaveText(tokens);
  await page.keyboard.press('Escape');

  const missing = path.join(studio.root, 'no-such.tokens.json');
  await datasets.importFile(npy, { tokens: missing });
  await expect(jobs.jobs()).toHaveCount(2);
  job = jobs.job('import-dataset');
  await expect(job.state()).toHaveText('error');
  await expect(job.root.getByTestId('job-error')).toContainText('the token file is missing');
  await expect(job.root.getByTestId('job-error').locator('code')).toHaveText(missing);

  await page.keyboard.press('Escape');
  await expect(datasets.empty()).toContainText('No datasets yet');
  await page.reload();
  await expect(datasets.empty()).toContainText('No datasets yet');
});
