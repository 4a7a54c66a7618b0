import path from 'node:path';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { saveScreenshot } from './screenshots';

const FEATURES = 16_384;

test('explore a 16k-feature run: scroll the whole list, open a feature and see its boards', async ({ page, studio }) => {
  // residuals of a small transcript model over 10 real WTHOR games (see seedProject), and a
  // TopK run of 16,384 random features on them
  const dir = path.join(studio.root, 'explorer.fstudio');
  await seedExplorerProject(dir, { games: 10, features: FEATURES });
  await new HomePage(page).openProject(dir);
  const features = new FeaturesPage(page);
  await features.open();
  await expect(features.count()).toHaveText(`${FEATURES} of ${FEATURES} features · 590 rows of othello-resid`);

  // the list renders only what is in view: a screenful of rows, wherever it is scrolled
  await features.sortBy('feature id');
  await expect(features.row(0)).toBeVisible();
  expect(await features.rows().count()).toBeLessThan(100);
  await features.scrollToEnd();
  await expect(features.row(FEATURES - 1)).toBeVisible();
  expect(await features.rows().count()).toBeLessThan(100);

  // the most frequent feature fires, so its page has examples drawn as boards
  await features.sortBy('frequency');
  const id = Number(await features.rows().first().getAttribute('data-feature'));
  const top = features.row(id);
  await top.click();
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(id));
  await expect(features.boards()).toHaveCount(8);
  await expect(features.boards().first().getByTestId('move')).toHaveCount(1);
  await expect(features.boards().first().locator('circle.stone')).not.toHaveCount(0);
  await expect(features.properties().getByRole('row')).not.toHaveCount(1);
  await expect(features.nearest()).toHaveCount(8);
  await expect(features.histogram()).toHaveAttribute('aria-label', new RegExp(`Activations of feature ${id}: fires on`));
  await saveScreenshot(page, 'feature-explorer');

  // ↓ opens the next feature in the list's order; a nearest feature opens on click
  const second = Number(await features.rows().nth(1).getAttribute('data-feature'));
  await top.press('ArrowDown');
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(second));
  const near = features.nearest().first().getByRole('button');
  const nearId = (await near.textContent())!.replace('feature ', '');
  await near.click();
  await expect(features.featurePage()).toHaveAttribute('data-feature', nearId);
});
