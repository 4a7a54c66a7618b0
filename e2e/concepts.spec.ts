import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { ConceptsPage } from './pages/ConceptsPage';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { saveScreenshot } from './screenshots';

test('concepts: match board concepts, see the linked category table, UMAP and Ball Mapper, open a feature, export', async ({ page, studio }) => {
  // two jobs (concepts, then the feature statistics the report's run table reads) and a PDF
  test.setTimeout(240_000);
  // residuals of a small transcript model over 12 real WTHOR games with every Othello board
  // family (see seedProject), and a TopK run of 512 random features on them
  const dir = path.join(studio.root, 'concepts.fstudio');
  await seedExplorerProject(dir, { games: 12, features: 512 });
  await new HomePage(page).openProject(dir);
  const concepts = new ConceptsPage(page);
  await concepts.open();
  await expect(concepts.root().getByTestId('concepts-empty')).toBeVisible();
  await concepts.chooseSet(/^Othello board/);

  // random features classify few cells well, so the threshold comes down from 0.5 for them
  await concepts.setThreshold(0.2);
  await concepts.compute();
  await expect(concepts.summary()).toContainText('at threshold 0.2');
  // the dataset by its name, as the Datasets list gives it
  await expect(concepts.summary()).toContainText('held-out rows of Othello resid_post layer 1');
  await expect(concepts.umap()).toHaveAttribute('aria-label', /UMAP of \d+ retrieved features/);
  await expect(concepts.ballMapper()).toHaveAttribute('aria-label', /Ball Mapper graph at ε [\d.]+: \d+ nodes/);
  for (const name of ['corners', 'edges', 'centre', 'legal moves', 'mine pieces', 'their pieces', 'empty squares', 'last move', 'flipped']) await expect(concepts.category(name)).toHaveCount(1);

  // clicking a category selects its features in every view; the list links to feature pages
  const busiest = concepts.categories().locator('tbody tr').filter({ has: page.locator('button.link:not([disabled])') }).first();
  const name = (await busiest.getAttribute('data-category'))!;
  const count = Number(await busiest.locator('td.num').first().textContent());
  await busiest.locator('button.link').click();
  await expect(busiest).toHaveAttribute('aria-selected', 'true');
  await expect(concepts.selected()).toHaveCount(count);
  await expect(concepts.umap()).toHaveAttribute('aria-label', new RegExp(`; ${count} selected\\.`));

  // pinning a category shows each category's overlap with it; with itself, all its features
  await concepts.root().getByTestId(`pin-${name}`).click();
  await expect(concepts.category(name).getByTestId('overlap')).toHaveText(String(count));
  await saveScreenshot(page, 'concepts');
  await expectNoSeriousViolations(page, 'the Concepts screen with a result');

  // export into a report section: PDF + CSVs in reports/ (the run's row computes its board scores first)
  await concepts.root().getByTestId('export-concepts-report').click();
  await expect(page.getByTestId('toast').filter({ hasText: 'Report written' })).toBeVisible({ timeout: 120_000 });
  await expect.poll(() => (existsSync(path.join(dir, 'reports')) ? readdirSync(path.join(dir, 'reports')).filter((f) => /-concepts\.csv$|\.pdf$/.test(f)).length : 0)).toBe(2);

  // a feature of the selection opens on the Features screen
  const link = concepts.selected().first().getByRole('link');
  const feature = (await link.getAttribute('data-feature'))!;
  await link.click();
  const features = new FeaturesPage(page);
  await expect(features.root()).toBeVisible();
  await expect(features.featurePage()).toHaveAttribute('data-feature', feature, { timeout: 60_000 });
});

test('concepts: a typed word,category list is saved as a set and offered in the list', async ({ page, studio }) => {
  const dir = path.join(studio.root, 'typed.fstudio');
  await seedExplorerProject(dir, { games: 2, features: 16 });
  await new HomePage(page).openProject(dir);
  const concepts = new ConceptsPage(page);
  await concepts.open();
  await concepts.root().getByRole('button', { name: 'New text set…' }).click();
  const form = concepts.root().getByTestId('new-concept-set');
  await form.getByLabel('typed word,category list').check();
  await form.locator('input[name="set-name"]').fill('Pets');
  await form.locator('textarea[name="typed-list"]').fill('cat,animal\ndog,animal\napple,food');
  await expectNoSeriousViolations(page, 'the new concept set form');
  await form.getByRole('button', { name: 'Save set' }).click();
  await expect(concepts.root().getByLabel('Concept set')).toHaveValue(/^pets-/);
  await expect(concepts.root().getByLabel('Concept set').locator('option', { hasText: 'Pets (3 concepts)' })).toHaveCount(1);
});
