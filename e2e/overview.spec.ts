import path from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { HomePage } from './pages/HomePage';
import { OverviewPage } from './pages/OverviewPage';
import { RunJobDialog } from './pages/RunJobDialog';
import { saveScreenshot } from './screenshots';

test('a new project lands on its Overview, which says what to do next and counts what a job adds', async ({ page, studio }) => {
  // the folder field starts in the folder serve may use
  await expect(page.getByTestId('create-project').getByLabel('Folder')).toHaveValue(/fstudio-e2e-[^/]+\/$/);
  await new HomePage(page).createProject(path.join(studio.root, 'new.fstudio'), 'First study');
  const overview = new OverviewPage(page);
  await expect(overview.root()).toBeVisible();
  for (const label of ['Datasets', 'Runs', 'Models', 'Reports']) await expect(overview.count(label)).toHaveText('0');
  await expect(overview.nextStep()).toContainText('Start with activations');
  await expect(overview.noneRunning()).toBeVisible();
  await expect(overview.lastActivity()).toContainText('last change');
  // each model workspace starts from its shipped sample here
  for (const w of ['authorship', 'reviews', 'reward', 'congestion']) await expect(page.getByTestId('workspace-demos').getByTestId(`demo-${w}`)).toBeVisible();
  await expectNoSeriousViolations(page, 'an empty Overview');
  await saveScreenshot(page, 'overview-empty');

  // the next action opens the job's form filled in; a small size keeps the spec quick
  await overview.nextStep().getByRole('button', { name: 'Generate a toy dataset' }).click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.kind()).toHaveValue('toy-dataset');
  await expect(dialog.field('rows')).toHaveValue('20000');
  await dialog.field('rows').fill('2000');
  await dialog.field('dims').fill('16');
  await dialog.field('features').fill('32');
  await dialog.start();
  await dialog.startedAndClosed();
  await page.getByTestId('jobs-toggle').click(); // the dialog opened the panel; close it to see the screen

  await expect(overview.count('Datasets')).toHaveText('1');
  await expect(overview.root().getByTestId('count-datasets')).toContainText('latest: toy superposition');
  await expect(overview.nextStep()).toContainText('No SAE trained yet');
  await expect(overview.noneRunning()).toBeVisible();
});

test('"Generate Othello activations" is a form with defaults; a bad or missing value is named at its field, in words', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'othello.fstudio'), 'Othello study');
  const overview = new OverviewPage(page);
  await overview.nextStep().getByRole('button', { name: 'Generate Othello activations' }).click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.kind()).toHaveValue('extract-activations');
  await expect(dialog.field('name')).toHaveValue('Othello activations');
  await expect(dialog.field('games')).toHaveValue('200');
  // no layer: the job reads the block the shipped model's board probe reads best
  await expect(dialog.field('layer')).toHaveValue('');
  await expect(dialog.root().getByLabel(/Parameters/)).toBeHidden(); // JSON only under "Advanced"
  await expectNoSeriousViolations(page, 'the Run a job form');
  await saveScreenshot(page, 'run-job-form');

  await dialog.field('games').fill('0');
  await dialog.start();
  await expect(dialog.errors()).toHaveText('Games must be > 0, got 0');
  await expect(dialog.field('games')).toBeFocused();
  await expect(dialog.field('games')).toHaveAttribute('aria-invalid', 'true');

  // a required setting left empty (the job that failed with "expected string, received undefined at params.source") is named at its field
  await dialog.kind().selectOption('import-dataset');
  await dialog.start();
  await expect(dialog.errors()).toHaveText('File path is required');
  await expect(dialog.root()).toBeVisible();
});

test('chess activations come from the shipped chess model in one click', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'chess.fstudio'), 'Chess study');
  const overview = new OverviewPage(page);
  await overview.nextStep().getByRole('button', { name: 'Generate chess activations' }).click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.kind()).toHaveValue('extract-activations');
  await expect(dialog.field('game')).toHaveValue('chess');
  // no layer: the job reads the block the model's piece probe reads best (resources/models/chess: 3)
  await expect(dialog.field('layer')).toHaveValue('');
  // three of the bundled Capablanca games keep the spec quick: 20 dots each
  await dialog.field('games').fill('3');
  await dialog.start();
  await dialog.startedAndClosed();
  await page.getByTestId('jobs-toggle').click();

  // the extraction reads 60 positions through the chess model: allow a busy machine its time
  await expect(overview.count('Datasets')).toHaveText('1', { timeout: 60_000 });
  await expect(overview.root().getByTestId('count-datasets')).toContainText('latest: Chess activations');
});

test('every screen of an empty project says what it is for and links to its next step', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'empty.fstudio'), 'Empty study');
  const nav = page.getByRole('navigation', { name: 'Project' });
  for (const screen of ['Compare', 'Features', 'Concepts', 'Reports']) {
    await nav.getByRole('link', { name: screen, exact: true }).click();
    const action = page.getByTestId('empty-actions').getByRole('link');
    await expect(action, `${screen} links to Runs`).toHaveAttribute('href', /\/runs$/);
  }
  // Runs, with no dataset yet: no field marked wrong, the way to a dataset instead
  await nav.getByRole('link', { name: 'Runs', exact: true }).click();
  await expect(page.getByTestId('new-run').getByTestId('field-error')).toHaveCount(0);
  await page.getByTestId('empty-actions').getByRole('link', { name: /generate or import activations/ }).click();
  await expect(new OverviewPage(page).nextStep()).toContainText('Start with activations');
});
