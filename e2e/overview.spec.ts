import path from 'node:path';
import { expect, test } from './fixtures';
import { HomePage } from './pages/HomePage';
import { OverviewPage } from './pages/OverviewPage';
import { saveScreenshot } from './screenshots';

test('an empty project says what to do next, and counts what a job adds', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'new.fstudio'), 'First study');
  const overview = new OverviewPage(page);
  await overview.open();
  for (const label of ['Datasets', 'Runs', 'Models', 'Reports']) await expect(overview.count(label)).toHaveText('0');
  await expect(overview.nextStep()).toContainText('Start with activations');
  await expect(overview.noneRunning()).toBeVisible();
  await expect(overview.lastActivity()).toContainText('last change');
  await saveScreenshot(page, 'overview-empty');

  // the next action opens the job dialog filled in; a small size keeps the spec quick
  await overview.nextStep().getByRole('button', { name: 'Generate a toy dataset' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a job' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('toy-dataset');
  await dialog.getByLabel(/Parameters/).fill(JSON.stringify({ rows: 2000, dims: 16, features: 32 }));
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('jobs-toggle').click(); // the dialog opened the panel; close it to see the screen

  await expect(overview.count('Datasets')).toHaveText('1');
  await expect(overview.root().getByTestId('count-datasets')).toContainText('latest: toy superposition');
  await expect(overview.nextStep()).toContainText('No SAE trained yet');
  await expect(overview.noneRunning()).toBeVisible();
});

test('chess activations come from the shipped chess model in one click', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'chess.fstudio'), 'Chess study');
  const overview = new OverviewPage(page);
  await overview.open();
  await overview.nextStep().getByRole('button', { name: 'Generate chess activations' }).click();
  const dialog = page.getByRole('dialog', { name: 'Run a job' });
  await expect(dialog.getByLabel('Kind')).toHaveValue('extract-activations');
  const params = JSON.parse(await dialog.getByLabel(/Parameters/).inputValue()) as Record<string, unknown>;
  // no layer: the job reads the block the model's piece probe reads best (resources/models/chess: 3)
  expect(params).toMatchObject({ game: 'chess' });
  expect(params).not.toHaveProperty('layer');
  // three of the bundled Capablanca games keep the spec quick: 20 dots each
  await dialog.getByLabel(/Parameters/).fill(JSON.stringify({ ...params, games: 3 }));
  await dialog.getByRole('button', { name: 'Start' }).click();
  await expect(dialog).toBeHidden();
  await page.getByTestId('jobs-toggle').click();

  await expect(overview.count('Datasets')).toHaveText('1');
  await expect(overview.root().getByTestId('count-datasets')).toContainText('latest: Chess activations');
});
