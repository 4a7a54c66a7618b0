import { cp } from 'node:fs/promises';
import path from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { ComparePage } from './pages/ComparePage';
import { DatasetsPage } from './pages/DatasetsPage';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { ImportSae } from './pages/ImportSae';
import { RunsPage } from './pages/RunsPage';
import { saveScreenshot } from './screenshots';
import { studioApi } from './studioApi';

/**
 * A real SAELens checkpoint: a ReLU SAE (d_in 128, 1,024 features) trained on Othello-GPT's
 * layer-1 residual stream, from thijmennijdam/Othello-GPT-FeatInterp (MIT; see
 * ../shared/data/activations/SOURCES.md). Copied into the test's temp root, where serve may read.
 */
const CHECKPOINT = path.resolve('../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');

test('import a SAELens SAE on Runs, measure it on a dataset of its width, explore and compare it', async ({ page, studio }) => {
  test.setTimeout(150_000);
  const dir = path.join(studio.root, 'imported.fstudio');
  const sae = path.join(studio.root, 'othello-sae');
  await cp(CHECKPOINT, sae, { recursive: true });
  await new HomePage(page).createProject(dir, 'Imported SAE');
  // two datasets: Othello activations of the shipped model (128 dims, board labels) and a toy set of 64 dims the SAE cannot read
  const api = studioApi(studio.server.url);
  const projectDir = decodeURIComponent(/#\/project\/([^/?]+)/.exec(page.url())![1]);
  await api.runJob(projectDir, 'extract-activations', { name: 'Othello layer 1', games: 24, layer: 1 });
  await api.runJob(projectDir, 'toy-dataset', { name: 'toy 64', rows: 400, dims: 64, features: 96 });

  // the dataset import points an SAE folder at the right place
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await datasets.importForm().getByLabel(/File path/).fill(path.join(sae, 'sae_weights.safetensors'));
  await expect(datasets.importForm().getByTestId('sae-hint')).toContainText('Import an SAE on the Runs screen');
  await datasets.importForm().getByTestId('sae-hint').getByRole('link').click();

  const runs = new RunsPage(page);
  await expect(runs.root()).toBeVisible();
  const importer = new ImportSae(page);
  await importer.importFolder(sae, 'othello L1 ×8');
  const row = runs.runRow('othello L1 ×8');
  await expect(row.getByTestId('run-source')).toHaveText('imported from othello-sae (saelens)');
  await expect(row.getByTestId('run-l0')).toHaveText('—');
  // only the 128-dim dataset is offered; the toy set is counted as left out
  expect(await importer.offered('othello L1 ×8')).toEqual([expect.stringMatching(/^Othello layer 1 \([\d,]+ rows, othello boards\)$/)]);
  await expect(importer.picker('othello L1 ×8')).toContainText('1 other dataset(s) have a different width');
  await expectNoSeriousViolations(page, 'Runs with an import to measure');
  await saveScreenshot(page, 'import-sae');
  await importer.measure('othello L1 ×8');
  await expect(row.getByTestId('run-l0')).toHaveText(/^\d/);
  await expect(row.getByTestId('run-l0')).toHaveAttribute('title', /measured on [\d,]+ held-out rows of othello-layer-1/);
  // the dataset by the name the Datasets list gives it
  await expect(row.getByTestId('run-dataset')).toHaveText('Othello layer 1');
  await expect(row.getByTestId('run-dataset')).toHaveAttribute('title', /^othello-layer-1/);

  // the explorer reads it on that dataset, with boards
  const features = new FeaturesPage(page);
  await features.open();
  await features.root().getByLabel('Run').selectOption({ label: 'othello L1 ×8 (1024 features)' });
  await features.waitForStatistics();
  await expect(features.count()).toContainText('of 1,024 features');
  await expect(features.count()).toContainText('rows of Othello layer 1');

  // Compare scores it on the board benchmark like a trained run
  const compare = new ComparePage(page);
  await compare.open();
  await expect(compare.root().getByTestId('unmeasured')).toHaveCount(0);
  // measured on the held-out games, beside the two baselines of its dataset
  await expect(compare.scoring()).toHaveCount(0, { timeout: 60_000 });
  await expect(compare.table().locator('tr[data-kind="baseline"]')).toHaveCount(2, { timeout: 60_000 });
  const coverage = compare.row('othello L1 ×8').locator('td').nth(8);
  await expect(coverage).toHaveText(/^\d/);
  expect(Number(await coverage.textContent())).toBeGreaterThan(0);
});

test('an imported SAE with no dataset of its width says what to do, on Features and Compare', async ({ page, studio }) => {
  const dir = path.join(studio.root, 'lonely.fstudio');
  const sae = path.join(studio.root, 'othello-sae');
  await cp(CHECKPOINT, sae, { recursive: true });
  await new HomePage(page).createProject(dir, 'Lonely SAE');
  const runs = new RunsPage(page);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Runs' }).click();
  const importer = new ImportSae(page);
  await importer.importFolder(sae);
  await expect(runs.runRow('othello-sae')).toBeVisible();
  await new FeaturesPage(page).open();
  await expect(importer.picker('othello-sae').getByTestId('no-fitting-dataset')).toContainText('No dataset of this project has 128 dims');
  await new ComparePage(page).open();
  await expect(importer.picker('othello-sae').getByTestId('no-fitting-dataset')).toBeVisible();
});
