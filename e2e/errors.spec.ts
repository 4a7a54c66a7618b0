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
    await datasets.open();
    await datasets.inspect(bad);
    const toast = page.getByTestId('toast').filter({ hasText: 'broken.npy' });
    await expect(toast).toBeVisible();
    await expect(toast).toHaveAttribute('role', 'alert');
    await expect(datasets.tensorPicker()).toBeHidden();
    await expect(datasets.empty()).toBeVisible();
  });

  test('a truncated .npy is refused at inspection, naming the file and the shape', async ({ page, studio }) => {
    const truncated = path.join(studio.root, 'truncated.npy');
    await writeFile(truncated, await truncatedNpy(studio.root));
    await new HomePage(page).createProject(path.join(studio.root, 'q.fstudio'), 'Truncated');

    const datasets = new DatasetsPage(page);
    await datasets.open();
    await datasets.inspect(truncated);
    const toast = page.getByTestId('toast');
    await expect(toast).toContainText('needs 3200 data bytes');
    await expect(toast.locator('code')).toContainText('truncated.npy');
    await expect(datasets.tensorPicker()).toBeHidden();
  });

  test('a file cut short after inspection fails its import job and leaves the project as it was', async ({ page, studio }) => {
    await new HomePage(page).createProject(path.join(studio.root, 'r.fstudio'), 'Cut short');
    const datasets = new DatasetsPage(page);
    await datasets.open();
    const good = path.join(studio.root, 'good.npy');
    await writeNpyFloat32(good, new Float32Array(100 * 8).fill(0.5), 100, 8);
    await datasets.importFile(good);
    await expect(datasets.list().getByRole('link', { name: 'good' })).toBeVisible();

    const changing = path.join(studio.root, 'changing.npy');
    await writeNpyFloat32(changing, new Float32Array(100 * 8).fill(1), 100, 8);
    await datasets.inspect(changing);
    await expect(datasets.tensorPicker()).toBeVisible();
    // another program truncates the file between inspection and import
    await writeFile(changing, await truncatedNpy(studio.root));
    await datasets.importForm().getByRole('button', { name: 'Import' }).click();

    const job = new JobsPanel(page).job('import-dataset');
    await expect(job.state()).toHaveText('error');
    await expect(job.root.getByTestId('job-error')).toContainText('changing.npy');
    await page.keyboard.press('Escape');
    await expect(datasets.list().getByRole('row')).toHaveCount(2); // header + good
    await page.reload();
    await expect(datasets.list().getByRole('row')).toHaveCount(2);
  });
});

/** A float32 .npy whose header declares (100, 8) but which holds only its first 10 rows. */
async function truncatedNpy(dir: string): Promise<Buffer> {
  const full = path.join(dir, 'full-for-truncation.npy');
  await writeNpyFloat32(full, new Float32Array(100 * 8).fill(1), 100, 8);
  const bytes = await readFile(full);
  return bytes.subarray(0, 128 + 10 * 8 * 4);
}

test('keyboard: ? lists the shortcuts, Esc closes, j toggles jobs, i focuses the import path', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'k.fstudio'), 'Keys');
  await page.locator('body').press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('shortcuts')).toContainText('Show or hide the jobs panel');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  await page.getByRole('button', { name: 'Jobs' }).focus();
  await page.keyboard.press('j');
  await expect(page.getByTestId('jobs-panel')).toBeFocused();
  await expect(page.getByTestId('jobs-panel').getByTestId('empty-state')).toContainText('No jobs yet');
  await page.keyboard.press('j');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Jobs' })).toBeFocused();

  await page.locator('body').press('i');
  await expect(page.getByLabel(/File path/)).toBeFocused();
  // typed into a field, shortcut keys are text
  await page.keyboard.type('j?');
  await expect(page.getByTestId('jobs-panel')).toBeHidden();
  await expect(page.getByLabel(/File path/)).toHaveValue('j?');
});
