import path from 'node:path';
import { expect, test } from './fixtures';
import { CongestionPage } from './pages/CongestionPage';
import { HomePage } from './pages/HomePage';
import { saveScreenshot } from './screenshots';


test('import layouts, search features, train and score on held-out designs, view a layout with an overlay, build its deck', async ({ page, studio }) => {
  test.setTimeout(300_000);
  await new HomePage(page).createProject(path.join(studio.root, 'chips.fstudio'), 'Chips');
  const c = new CongestionPage(page);
  await c.open();
  await expect(c.root().getByTestId('direction')).toContainText('less');

  // a folder without a manifest: the screen says which file it looked for
  await c.importFolder(path.join(studio.root, 'layouts'));
  await expect(c.job()).toHaveAttribute('data-job-state', 'error');
  await expect(c.job()).toContainText(path.join(studio.root, 'layouts', 'manifest.csv'));
  // the shipped sample, one click: resources/congestion/ispd2015-64, 25 CircuitNet ISPD2015 layouts pooled to 64×64 (BSD 3-Clause, resources/README.md)
  await c.root().getByTestId('congestion-sample').click();
  await expect(c.layoutCount()).toHaveText('25 layouts of 5 designs', { timeout: 60_000 });
  await expect(c.layerMap()).toBeVisible();

  await c.search(2, 20);
  await expect(c.fitnessChart()).toBeVisible({ timeout: 120_000 });
  await expect(c.poolRows().first()).toBeVisible();

  await c.train(40);
  await expect(c.metricsRows()).toHaveCount(4, { timeout: 120_000 });
  await expect(c.metricsRows().first()).toContainText('gated preference model');
  // the headline result sits above the workspace's controls, not below the maps
  const metricsTop = (await c.root().getByTestId('metrics').boundingBox())!.y;
  expect(metricsTop).toBeLessThan((await c.root().getByTestId('congestion-import').boundingBox())!.y);

  // a feature of the pool drawn over the chosen layout, and another layer of the same layout
  await c.root().getByLabel('Feature overlay').selectOption({ index: 1 });
  await expect(c.overlayMap()).toBeVisible();
  await c.root().getByLabel('Layer').selectOption('congestion');
  await expect(c.root().getByTestId('layer-map')).toBeVisible();

  // RUDY from the N28 demo net list (../shared/data/congestion, BSD 3-Clause) against CircuitNet's map
  await c.root().getByRole('button', { name: 'Check RUDY' }).click();
  await expect(c.root().getByTestId('rudy-table').locator('tbody tr')).toHaveCount(1, { timeout: 120_000 });

  // a deck for a layout other than the first one the screen opens on
  await c.layout().selectOption({ index: 2 });
  const decked = await c.layout().inputValue();
  await expect(c.deckCards()).toHaveCount(0);
  await c.root().getByRole('button', { name: /Build the deck/ }).click();
  await expect(c.deckCards().first()).toBeVisible({ timeout: 60_000 });
  await expect(c.deckFile()).toContainText(`congestion-deck-${decked}.pdf`);
  // RUDY, coloured past its hot top edge, and the screen from its top for the picture
  await c.root().getByLabel('Layer').selectOption('RUDY');
  await expect(c.root().locator('figcaption').first()).toContainText('full colour from its 98th percentile up');
  await c.root().getByRole('heading', { name: 'Congestion', level: 1 }).scrollIntoViewIfNeeded();
  await saveScreenshot(page, 'congestion');

  // the saved deck comes back without a rebuild: the screen opens on its layout, and shows it again after another layout
  await page.reload();
  await expect(c.layout()).toHaveValue(decked);
  await expect(c.deckCards().first()).toBeVisible();
  await c.layout().selectOption({ index: 0 });
  await expect(c.deckCards()).toHaveCount(0);
  await c.layout().selectOption(decked);
  await expect(c.deckFile()).toContainText(`congestion-deck-${decked}.pdf`);
  // …and the Reports screen lists it, one click away
  await c.root().getByTestId('deck-report').getByRole('link', { name: 'open it in Reports' }).click();
  await expect(page.getByTestId('report-list').locator(`[data-report="congestion-deck-${decked}"]`)).toContainText(`Congestion deck — ${decked}`);
});
