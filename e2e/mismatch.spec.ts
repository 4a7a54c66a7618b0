import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { ImportSae } from './pages/ImportSae';
import { RunsPage } from './pages/RunsPage';
import { saveScreenshot } from './screenshots';
import { studioApi } from './studioApi';

/**
 * A real SAELens checkpoint recorded at blocks.1.hook_resid_pre (ReLU, d_in 128, 1,024 features;
 * thijmennijdam/Othello-GPT-FeatInterp, MIT, ../shared/data/activations/SOURCES.md), met with
 * activations of the shipped Othello model at another hook (blocks.3.hook_resid_post).
 */
const CHECKPOINT = path.resolve('../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');

test('picking a dataset for an SAE shows the mismatch check; the explorer exports the run for Neuronpedia', async ({ page, studio }) => {
  test.setTimeout(150_000);
  const dir = path.join(studio.root, 'mismatch.fstudio');
  const sae = path.join(studio.root, 'othello-sae');
  await cp(CHECKPOINT, sae, { recursive: true });
  await new HomePage(page).createProject(dir, 'Mismatch');
  const projectDir = decodeURIComponent(/#\/project\/([^/?]+)/.exec(page.url())![1]);
  const api = studioApi(studio.server.url);
  await api.runJob(projectDir, 'extract-activations', { name: 'Othello layer 3', games: 24, layer: 3 });
  const run = await api.call<{ id: string }>('importSae', { projectDir, path: sae, name: 'othello L1 ×8' });

  const runs = new RunsPage(page);
  await page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Runs' }).click();
  await expect(runs.root()).toBeVisible();
  const importer = new ImportSae(page);
  const warnings = importer.mismatch('othello L1 ×8');
  await expect(warnings).toContainText('This SAE may not belong on this dataset', { timeout: 30_000 });
  await expect(warnings.locator('li[data-kind="hook"]')).toHaveText(/^the SAE was trained on blocks\.1\.hook_resid_pre but dataset "othello-layer-3[^"]*" holds blocks\.3\.hook_resid_post$/);
  await expectNoSeriousViolations(page, 'Runs, an import with a mismatch warning');
  await saveScreenshot(page, 'mismatch-warning');

  // measured anyway (the warning is advice), then explored and exported for Neuronpedia
  await importer.measure('othello L1 ×8');
  const features = new FeaturesPage(page);
  await features.open();
  await expect(features.list()).toBeVisible({ timeout: 60_000 });
  const notice = await features.exportNeuronpedia();
  expect(notice).toMatch(/^Wrote 1024 features and 0 explanations for Neuronpedia to /);
  const batch = JSON.parse(await readFile(path.join(projectDir, 'exports', `${run.id}-neuronpedia`, 'batch-0.json'), 'utf8'));
  expect(batch.features).toHaveLength(1024);
  expect(batch.layer).toBe(1);
});
