import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { writeNpyFloat32 } from './npy';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';

test.describe('bad files', () => {
  // A rejected request shows up as Chromium's "Failed to load resource" console line.
  test.use({ allowConsoleErrors: [/Failed to load resource: the server responded with a status of 4\d\d/] });

  test('a file that is not a .npy is refused with a toast naming it', async ({ page, studio }) => {
    const bad = path.join(studio.root, 'broken.npy');
    await writeFile(bad, 'this is not a numpy file at all');
    await new HomePage(page).createProject(path.join(studio.root, 'p.fstudio'), 'Bad files');

    const datasets = new DatasetsPage(page);
    await datasets.inspect(bad);
    const toast = page.getByTestId('toast').filter({ hasText: 'broken.npy' });
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute('role', 'alert');
    await expect(datasets.tensorPicker()).toBeHidden();
    await expect(datasets.empty()).toBeVisible();
  });

  test('a .npy whose data is shorter than its header says fails its job and leaves the project as it was', async ({ page, studio }) => {
    const full = path.join(studio.root, 'full.npy');
    await writeNpyFloat32(full, new Float32Array(100 * 8).fill(1), 100, 8);
    // keep the header and only part of the rows: the header still declares (100, 8)
    const bytes = await readFile(full);
    const truncated = path.join(studio.root, 'truncated.npy');
    await writeFile(truncated, bytes.subarray(0, 128 + 10 * 8 * 4));

    await new HomePage(page).createProject(path.join(studio.root, 'q.fstudio'), 'Truncated');
    const datasets = new DatasetsPage(page);
    await datasets.inspect(truncated);
    // the header alone may pass inspection; then the import job must fail and name the file
    const toast = page.getByTestId('toast').filter({ hasText: 'truncated.npy' });
    const picker = datasets.tensorPicker();
    await expect(toast.or(picker)).toBeVisible();
    if (await picker.isVisible()) {
      await page.getByRole('button', { name: 'Import' }).click();
      const job = new JobsPanel(page).job('import-dataset');
      await expect(job.state()).toHaveText('error');
      await expect(job.root.getByTestId('job-error')).toContainText('truncated.npy');
    }
    await page.keyboard.press('Escape');
    await expect(datasets.empty()).toBeVisible();
  });
});

test('keyboard: ? lists the shortcuts, Esc closes, j toggles jobs, i focuses the import path', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'k.fstudio'), 'Keys');
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('shortcuts')).toContainText('Show or hide the jobs panel');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.locator('body').press('j');
  await expect(page.getByTestId('jobs-panel')).toBeVisible();
  await expect(page.getByTestId('jobs-panel').getByTestId('empty-state')).toContainText('No jobs yet');
  await page.locator('body').press('j');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();

  await page.locator('body').press('i');
  await expect(page.getByLabel(/File path/)).toBeFocused();
  // typed into a field, shortcut keys are text
  await page.keyboard.type('j?');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
  await expect(page.getByLabel(/File path/)).toHaveValue('j?');
});
