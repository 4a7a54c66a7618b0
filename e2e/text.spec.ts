import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { OverviewPage } from './pages/OverviewPage';
import { saveScreenshot } from './screenshots';
import { studioApi } from './studioApi';

// The shipped byte-level text model (resources/models/text/) over the shipped held-out English
// sample (resources/text/; licences in resources/README.md).
test('text activations from the shipped text model in one click; an SAE on them shows its features as byte-token examples', async ({ page, studio }) => {
  test.setTimeout(180_000);
  const dir = path.join(studio.root, 'text.fstudio');
  await new HomePage(page).createProject(dir, 'Text study');
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.nextStep().getByRole('button', { name: 'Generate text activations' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a job' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('extract-activations');
  // the button's parameters are a form with JSON under "Advanced"
  await dialog.getByText('Advanced: more parameters as JSON').click();
  const params = JSON.parse(await dialog.getByLabel(/Parameters/).inputValue()) as { text: Record<string, unknown> };
  expect(params.text).toMatchObject({ documents: 60 });
  // twelve documents of 200 bytes keep the spec quick
  await dialog.getByLabel(/Parameters/).fill(JSON.stringify({ ...params, text: { ...params.text, documents: 12, maxBytes: 200 } }));
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('jobs-toggle').click();
  await expect(overview.count('Datasets')).toHaveText('1');
  await expect(overview.root().getByTestId('count-datasets')).toContainText('latest: Text activations');

  const [datasetId] = await fs.readdir(path.join(dir, 'datasets'));
  const api = studioApi(studio.server.url);
  const { jobId } = await api.call<{ jobId: string }>('trainSae', { projectDir: dir, datasetId, name: 'TopK', evaluate: false, configs: [{ arch: 'topk', archConfig: { k: 8 }, width: 256, batchSize: 128, steps: 200, lr: 3e-3, logEvery: 50 }] });
  await api.waitForJob(jobId);

  const features = new FeaturesPage(page);
  await features.open();
  await features.waitForStatistics();
  await features.sortBy('frequency');
  await features.rows().first().click();
  const example = features.tokenExamples().first();
  await expect(example).toBeVisible();
  // the outlined token is the byte the sidecar names for that row: readable, a split character numbered
  const tokens = JSON.parse(await fs.readFile(path.join(dir, 'datasets', datasetId, 'tokens.json'), 'utf8')) as { sequences: string[][] };
  const seq = Number(await example.getAttribute('data-sequence'));
  const pos = Number(await example.getAttribute('data-position'));
  const label = tokens.sequences[seq][pos];
  // the explorer marks a space token as "·" so it can be seen and hovered
  await expect(example.getByTestId('activating-token')).toHaveText(label === ' ' ? '·' : label);
  expect(tokens.sequences[0][0]).toBe('␂');
  await saveScreenshot(page, 'feature-explorer-text');
});
