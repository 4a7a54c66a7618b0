import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pdfFirstPageInk, pdfPageCount, pdfText } from '../src/core/reports/pdfTools';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { parseCsv } from './csv';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { ReportsPage } from './pages/ReportsPage';
import { saveScreenshot } from './screenshots';

/** Title and summary on page 1, then one page per feature card (reports/cards.ts). */
const EXPECTED_PAGES = 3;

test('add two feature cards, preview them with their boards, and export them to PDF and CSV', async ({ page, studio }) => {
  // Othello residuals with board labels (6 real WTHOR games through a small transcript model,
  // see seedProject) and one random TopK run of 32 features on them
  const dir = path.join(studio.root, 'cards.fstudio');
  await seedExplorerProject(dir, { games: 6, features: 32 });
  await new HomePage(page).openProject(dir);

  // the run's most frequent feature from the Reports picker (its statistics are computed by a job the first time)
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.addTop(1, 'frequency');
  await expect(reports.chosenCards()).toHaveCount(1);
  const top = Number(/feature (\d+)/.exec((await reports.chosenCards().first().textContent())!)![1]);
  const other = top === 0 ? 1 : 0;

  // another from its feature page's "Add to report"
  const features = new FeaturesPage(page);
  await features.open();
  await features.sortBy('feature id');
  await features.row(other).click();
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(other));
  await reports.addToReport().click();
  await expect(reports.addToReport()).toHaveText('In the report');

  // the feature page links on to Reports, where the card is waiting
  await page.getByTestId('to-reports').click();
  await expect(reports.root()).toBeVisible();
  await expect(reports.chosenCards()).toHaveCount(2);
  await expect(reports.form().getByRole('checkbox', { name: 'Selected feature cards' })).toBeChecked();
  // an id typed in and removed again leaves the two
  await reports.addCardIds('5');
  await expect(reports.chosenCards()).toHaveCount(3);
  await reports.picker().getByRole('button', { name: 'Remove feature 5 of TopK random' }).click();
  await expect(reports.chosenCards()).toHaveText([`TopK random · feature ${top} remove`, `TopK random · feature ${other} remove`]);
  // the seeded run was never trained: no L0 or FVU to chart, so summary and cards only
  await reports.check('TopK random');
  await reports.uncheck('Pareto (L0 against FVU)');
  await reports.uncheck('Per-run table');
  await reports.form().getByLabel('Title').fill('Two features');

  await reports.form().getByRole('button', { name: 'Preview' }).click();
  await expect(reports.previewCards()).toHaveCount(2);
  await expect(reports.previewCards().first()).toHaveAttribute('data-feature', String(top));
  await expect(reports.previewCards().first().getByRole('heading')).toHaveText(`TopK random · feature ${top}`);
  // the card's histogram chart and its examples drawn as 8×8 boards
  await expect(reports.previewCards().first().getByTestId('card-histogram')).toBeVisible();
  await expect(reports.previewCards().first().getByTestId('card-example').first().locator('svg rect[width="1"]')).toHaveCount(64);
  await saveScreenshot(page, 'report-cards');

  await reports.form().getByRole('button', { name: 'Export PDF and CSV' }).click();
  await expect(reports.saved()).toContainText('.pdf');
  const pdf = (await reports.saved().textContent())!.trim();
  expect(existsSync(pdf.replace(/\.pdf$/, '.csv'))).toBe(true);
  const [header, ...cards] = parseCsv(readFileSync(pdf.replace(/\.pdf$/, '-features.csv'), 'utf8'));
  expect(cards.map((r) => r[header.indexOf('feature')])).toEqual([String(top), String(other)]);

  // poppler reads it back where installed: one page per card after the summary, a page that is not blank
  const pages = await pdfPageCount(pdf);
  test.info().annotations.push({ type: 'pdf', description: pages === null ? 'pdfinfo not installed: page count not checked' : `${pages} pages` });
  if (pages !== null) expect(pages).toBe(EXPECTED_PAGES);
  const text = await pdfText(pdf);
  if (text !== null) expect(text.split('\f')[2]).toContain(`TopK random · feature ${other}`);
  const ink = await pdfFirstPageInk(pdf);
  if (ink !== null) expect(ink).toBeGreaterThan(0.01);

  // the benchmark section is offered with the run's eval.json figures: sparse probing on the board
  // tasks, but no CE loss recovered (its dataset comes from a test model, not the shipped one)
  await reports.check('CE loss recovered, sparse probing and absorption');
  await reports.form().getByRole('button', { name: 'Preview' }).click();
  const bench = reports.page.getByTestId('preview-benchmark');
  await expect(bench.getByRole('columnheader', { name: 'probe k=1' })).toBeVisible();
  const cells = bench.getByRole('row').nth(1).getByRole('cell');
  await expect(cells.nth(2)).toHaveText('—');
  expect(Number(await cells.nth(4).textContent())).toBeGreaterThan(0);
});
