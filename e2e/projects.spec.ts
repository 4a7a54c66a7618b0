import { symlink } from 'node:fs/promises';
import path from 'node:path';
import { expect, test } from './fixtures';
import { DatasetsPage } from './pages/DatasetsPage';
import { HomePage } from './pages/HomePage';
import { OverviewPage } from './pages/OverviewPage';
import { startServe } from './serve';

test('a created project is listed as recent, and opens again by its path', async ({ page, studio }) => {
  const dir = path.join(studio.root, 'recent.fstudio');
  const home = new HomePage(page);
  // with nothing recent, Home names the one command that makes a finished example project
  await expect(home.recent().getByTestId('demo-command')).toHaveText('npm run demo');
  await home.createProject(dir, 'Recent study');

  await page.locator('body').press('h');
  await expect(home.root()).toBeVisible();
  const link = home.recent().getByRole('link', { name: 'Recent study' });
  await expect(link).toBeVisible();
  await expect(home.recent()).toContainText(dir);
  // opened from the keyboard, on its Overview (what it holds, what to do next)
  await link.focus();
  await link.press('Enter');
  await expect(page.getByTestId('project-name')).toHaveText('Recent study');
  await expect(new OverviewPage(page).nextStep()).toBeVisible();

  await page.locator('body').press('h');
  await home.openProject(dir);
  await expect(page.getByTestId('project-name')).toHaveText('Recent study');
});

test('a project reached through a symlink moves to its real path', async ({ page, studio }) => {
  const real = path.join(studio.root, 'real.fstudio');
  await new HomePage(page).createProject(real, 'Linked');
  const link = path.join(studio.root, 'link.fstudio');
  await symlink(real, link);
  await page.locator('body').press('h');
  await page.goto(`${studio.server.url}#/project/${encodeURIComponent(link)}/datasets`);
  await expect(page).toHaveURL(new RegExp(`#/project/${encodeURIComponent(real).replace(/\./g, '\\.')}/datasets$`));
  await expect(page.getByTestId('project-name')).toHaveText('Linked');
  await expect(new DatasetsPage(page).empty()).toBeVisible();
});

test.describe('refused projects', () => {
  test.use({ allowConsoleErrors: [/Failed to load resource: the server responded with a status of 4\d\d/] });

  test('a folder outside the served roots is refused with a toast naming the field', async ({ page }) => {
    const home = new HomePage(page);
    const form = page.getByTestId('create-project');
    await form.getByLabel('Folder').fill('/etc/feature-studio-e2e.fstudio');
    await form.getByLabel('Name', { exact: true }).fill('Outside');
    await form.getByRole('button', { name: 'Create' }).click();
    const toast = page.getByTestId('toast');
    await expect(toast).toContainText('outside the folders');
    await expect(toast.locator('code')).toHaveText('dir');
    await expect(home.root()).toBeVisible();
  });

  test('a bookmarked project that does not exist says so and links home', async ({ page, studio }) => {
    const missing = path.join(studio.root, 'missing.fstudio');
    await page.goto(`${studio.server.url}#/project/${encodeURIComponent(missing)}/datasets`);
    await expect(page.getByTestId('project-failed')).toBeVisible();
    await expect(page.getByTestId('toast').locator('code')).toHaveText(path.join(missing, 'studio.json'));
    await page.getByTestId('project-failed').getByRole('link', { name: 'Back to the projects' }).click();
    await expect(new HomePage(page).root()).toBeVisible();
  });
});

test('a page opened without the launch token says which URL to open', async ({ page, studio }) => {
  const { origin } = new URL(studio.server.url);
  await page.goto(`${origin}/`);
  const toast = page.getByTestId('toast').first();
  await expect(toast).toContainText('open the exact URL that `feature-studio serve` printed');
  await expect(toast.locator('code')).toHaveText('page URL ?token=');
  await expect(page.getByTestId('recent-projects')).toContainText('could not be read');
  // every call failed for the same reason: it is said once
  await expect(page.getByTestId('toast')).toHaveCount(1);
});

test('the page is served under the studio CSP: scripts only from itself, no eval', async ({ page, studio }) => {
  const response = await page.goto(studio.server.url);
  const csp = response!.headers()['content-security-policy'];
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  // the fixture fails the test on any console error, CSP violations included
  await expect(new HomePage(page).root()).toBeVisible();
});

test('`serve --project` prints an address that opens that project', async ({ page, studio }) => {
  // a second server on the fixture's root, as `npm run serve -- --project DIR` starts one
  const dir = path.join(studio.root, 'served.fstudio');
  const served = await startServe(studio.root, path.join(studio.root, '.home'), ['--project', dir]);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('project-name')).toHaveText('served');
    await expect(new OverviewPage(page).nextStep()).toBeVisible();
  } finally {
    await served.stop();
  }
});
