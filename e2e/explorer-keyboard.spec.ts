import path from 'node:path';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';

test('the feature explorer by keyboard: f then ↓, one Tab stop for the list, then Add to report; a family filter, search, full property names', async ({ page, studio }) => {
  // residuals of a small transcript model over 12 real WTHOR games (see seedProject) and a random TopK run of 96 features
  const dir = path.join(studio.root, 'keys.fstudio');
  await seedExplorerProject(dir, { games: 12, features: 96 });
  await new HomePage(page).openProject(dir);
  await expect(page.getByTestId('overview')).toBeVisible();
  const features = new FeaturesPage(page);

  // f from anywhere: the list takes the focus once it has loaded, and ↓ opens its first feature
  await page.locator('body').press('f');
  await features.waitForStatistics();
  await expect(features.list()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  const first = Number(await features.rows().first().getAttribute('data-feature'));
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(first));
  await expect(features.list()).toHaveAttribute('aria-activedescendant', `feature-option-${first}`);
  await page.keyboard.press('End');
  await expect(features.list()).toHaveAttribute('aria-activedescendant', /feature-option-\d+/);
  await page.keyboard.press('Home');
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(first));

  // the options say where they are in the whole list, most of which is not in the page
  await expect(features.rows().first()).toHaveAttribute('aria-setsize', '96');
  await expect(features.rows().first()).toHaveAttribute('aria-posinset', '1');
  await expect(features.rows().first()).toHaveAttribute('tabindex', '-1');

  // one Tab leaves the list for the feature's page: "Add to report" is the next stop
  await features.list().focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('add-to-report')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('add-to-report')).toHaveText('In the report');
  // the button is done: the focus moves on to the link to Reports, not to the page's start
  await expect(page.getByTestId('to-reports')).toBeFocused();

  // by need: only one family's features, a search within them, and the property's full name on hover
  await features.sortBy('best board F1');
  const family = features.root().getByLabel('Property family');
  const families = (await family.locator('option').allTextContents()).slice(1);
  expect(families.length).toBeGreaterThan(1);
  await family.selectOption(families[1]);
  const props = features.list().locator('.prop');
  await expect(props.first()).toHaveText(new RegExp(`^${families[1]} `));
  for (const text of await props.allTextContents()) expect(text.startsWith(`${families[1]} `)).toBe(true);
  const label = (await props.first().textContent())!;
  await expect(props.first()).toHaveAttribute('title', label);
  const square = label.split(' ')[1];
  await features.root().getByLabel('Search').fill(square);
  await expect(features.count()).toContainText(' of 96 features');
  for (const text of await props.allTextContents()) expect(text).toContain(square);
  await expectNoSeriousViolations(page, 'the feature explorer');
});
