import path from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { RunJobDialog } from './pages/RunJobDialog';
import { studioApi } from './studioApi';

/** Whether the focused element lies inside the element with this role and name. */
const focusInside = (page: import('@playwright/test').Page, role: 'dialog', name: string) =>
  page.getByRole(role, { name }).evaluate((el) => el.contains((el.ownerDocument as unknown as { activeElement: unknown }).activeElement as never));

// inspecting a file that does not exist is answered 404, which the browser logs
test.use({ allowConsoleErrors: [/status of 404/] });

test('a skip link leads past the header and navigation; Tab stays inside a dialog; Esc leaves a field after Enter', async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'keys.fstudio'), 'Keys');
  await expect(page.getByTestId('overview')).toBeVisible();

  // on a fresh load of a screen the first Tab reaches the skip link; Enter on it puts the next Tab inside the screen
  await page.reload();
  await expect(page.getByTestId('overview')).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('skip-link')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main#main')).toBeFocused();
  await page.keyboard.press('Tab');
  expect(await page.locator('main#main').evaluate((el) => el.contains((el.ownerDocument as unknown as { activeElement: never }).activeElement))).toBe(true);

  // r opens the dialog; twenty Tabs and Shift+Tabs never leave it
  await page.locator('body').press('r');
  const dialog = new RunJobDialog(page);
  await expect(dialog.root()).toBeVisible();
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press(i % 3 === 2 ? 'Shift+Tab' : 'Tab');
    expect(await focusInside(page, 'dialog', 'Run a job'), `focus after key ${i + 1}`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();

  // after Enter submits a form its field keeps the focus: Esc leaves it, and the next key is a shortcut again
  const datasets = new DatasetsPage(page);
  await datasets.open();
  const field = datasets.importForm().getByLabel(/File path/);
  await field.fill(path.join(studio.root, 'missing.npy'));
  await field.press('Enter');
  await expect(page.getByTestId('toast')).toBeVisible(); // no such file
  await expect(field).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(field).not.toBeFocused();
  await page.keyboard.press('c');
  await expect(page.getByTestId('compare')).toBeVisible();
  await expect(field).toBeHidden();
});

test('a dialog left open does not follow the analyst into another project, nor do its notices', async ({ page, studio }) => {
  test.info().annotations.push({ type: 'why', description: 'issue 26: a stale dialog survived a project switch; notices crossed projects' });
  const two = await studioApi(studio.server.url).call<{ dir: string }>('createProject', { dir: path.join(studio.root, 'two.fstudio'), name: 'Two' });
  await new HomePage(page).createProject(path.join(studio.root, 'one.fstudio'), 'One');
  await page.locator('body').press('r');
  await expect(new RunJobDialog(page).root()).toBeVisible();
  await page.getByRole('dialog').getByLabel('Kind').selectOption('import-dataset');
  await page.getByRole('dialog').getByRole('button', { name: 'Start' }).click(); // leaves a notice or a field error behind
  // a link to another project (a bookmark, the back button) switches the project under the open dialog
  await page.evaluate((dir) => (globalThis as unknown as { location: { hash: string } }).location.hash = `#/project/${encodeURIComponent(dir)}/overview`, two.dir);
  await expect(page.getByTestId('project-name')).toHaveText('Two');
  await expect(new RunJobDialog(page).root()).toBeHidden();
  await expect(page.getByTestId('toast')).toHaveCount(0);
  await expectNoSeriousViolations(page, 'the Overview after a project switch');
});
