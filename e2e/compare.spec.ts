import { existsSync } from 'node:fs';
import path from 'node:path';
import { pdfFirstPageInk, pdfPageCount } from '../src/core/reports/pdfTools';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { parseCsv } from './csv';
import { expect, test } from './fixtures';
import { ComparePage } from './pages/ComparePage';
import { HomePage } from './pages/HomePage';
import { OverviewPage } from './pages/OverviewPage';
import { ReportsPage } from './pages/ReportsPage';
import { RunsPage } from './pages/RunsPage';
import { saveScreenshot } from './screenshots';

/** Title, summary and Pareto on page 1; coverage bars on page 2; the two-run table after them (reports/sections.ts). */
const EXPECTED_PAGES = 2;

test('train a two-run sweep on Othello activations, compare it, export exactly what is shown, and export a PDF report', async ({ page, studio }) => {
  // Othello residuals with board labels (10 real WTHOR games through a small transcript model,
  // see seedProject) and one random TopK run that has no training metrics
  const dir = path.join(studio.root, 'sweep.fstudio');
  // 24 games: the validation rows (the last tenth) span three, enough for held-out board metrics
  await seedExplorerProject(dir, { games: 24, features: 64 });
  await new HomePage(page).openProject(dir);

  const runs = new RunsPage(page);
  await runs.open();
  await runs.fill({ width: 32, steps: 200, batchSize: 64, k: 4, logEvery: 10 });
  await runs.form().getByLabel('Setting 1').selectOption('arch.k');
  await runs.form().getByLabel('Values 1 (comma separated)').fill('2, 8');
  await expect(runs.estimate()).toContainText('2 runs');
  await expect(runs.form().getByTestId('sweep-runs').getByRole('listitem')).toHaveText(['arch.k 2', 'arch.k 8']);
  await runs.train();
  await expect(runs.live().state()).toHaveText('done');
  await expect(runs.list().getByRole('row')).toHaveCount(4); // header + the seeded run + the sweep's two
  const overview = new OverviewPage(page);
  await overview.open();
  await expect(overview.count('Runs')).toHaveText('3');
  await expect(overview.nextStep()).toContainText('Ready to compare');

  const compare = new ComparePage(page);
  await compare.open();
  // the three runs, each measured on the held-out rows (the seeded one too), and the two baselines
  await expect(compare.scoring()).toHaveCount(0);
  await expect(compare.bodyRows()).toHaveCount(5);
  await expect(compare.table().locator('tr[data-kind="baseline"]')).toHaveCount(2);
  await expect(compare.pareto()).toHaveAttribute('aria-label', /for 5 runs in 3 architectures/);
  await expect(compare.coverage()).toHaveAttribute('aria-label', /on mine_yours_blank_mask against L0 \(log scale\) for 5 runs, coloured by architecture/);
  for (const family of ['sparsity', 'fidelity', 'board-benchmark']) await expect(compare.root().getByTestId(`bars-${family}`)).toBeVisible();
  await saveScreenshot(page, 'compare');

  // only the sweep (width 32), highest L0 first (the table starts sorted by L0, lowest first)
  await compare.showReferences(false);
  await compare.filter('Width', '32');
  await expect(compare.shownCount()).toHaveText('2 of 3 runs');
  await compare.sortBy('L0');
  await expect(compare.table().getByRole('columnheader', { name: /L0/ })).toHaveAttribute('aria-sort', 'descending');
  const cells = await compare.cells();
  const l0 = cells.map((r) => Number(r[5]));
  expect(l0[0]).toBeGreaterThan(l0[1]);
  // the scores read down a column at three decimals (0.006 above 0.040, not 6e-3 above 0.04)
  for (const row of cells) for (const score of row.slice(6, 14)) expect(score).toMatch(/^(-?\d+\.\d{3}|—)$/);
  // while L0 keeps the compact form: a TopK run's L0 of exactly k is written whole
  for (const row of cells) expect(row[5]).not.toMatch(/\.0+$/);

  const csv = parseCsv(await compare.exportCsv());
  expect(csv[0]).toEqual(['run', 'architecture', 'whitening', 'width (features)', 'steps', 'L0', 'FVU', 'dead fraction', 'coverage', 'coverage above chance', 'board rec.', 'CE loss rec.', 'sparse probe k=1', 'absorption', 'kind', 'measured on']);
  expect(csv).toHaveLength(3);
  const parsed = csv.slice(1);
  // the same runs in the same order, at full precision where the table rounds
  expect(parsed.map((r) => r[0])).toEqual(cells.map((r) => r[0]));
  parsed.forEach((r, i) => {
    expect(r.slice(1, 5)).toEqual(['topk', 'none', '32', '200']);
    expect(Number(r[5])).toBeCloseTo(l0[i], 0);
    expect(Number(r[8])).toBeGreaterThan(0);
    // sparse probing from the run's eval.json (the seeded dataset has board labels): an accuracy
    expect(Number(r[12])).toBeGreaterThanOrEqual(0.3);
    expect(Number(r[12])).toBeLessThanOrEqual(1);
    expect(r.slice(14)).toEqual(['sae', expect.stringMatching(/^\d+ validation rows of othello-resid; board metrics: \d+ positions label the features, \d+ are scored$/)]);
  });

  // the report: the sweep's two runs (trained runs are chosen by default), every section
  const reports = new ReportsPage(page);
  await reports.open();
  await reports.check('Coverage and board reconstruction');
  await reports.form().getByLabel('Title').fill('Sweep of k');
  await reports.form().getByRole('button', { name: 'Preview' }).click();
  await expect(reports.previewRows()).toHaveCount(2);
  await expect(reports.preview().getByTestId('preview-coverage')).toBeVisible();
  await saveScreenshot(page, 'reports');
  await reports.form().getByRole('button', { name: 'Export PDF and CSV' }).click();
  await expect(reports.saved()).toContainText('.pdf');
  await expect(reports.list()).toHaveCount(1);
  const pdf = (await reports.saved().textContent())!.trim();
  expect(existsSync(pdf) && existsSync(pdf.replace(/\.pdf$/, '.csv'))).toBe(true);
  // poppler reads it back where installed: the page count of this layout, and a page that is not blank
  const pages = await pdfPageCount(pdf);
  test.info().annotations.push({ type: 'pdf', description: pages === null ? 'pdfinfo not installed: page count not checked' : `${pages} pages` });
  if (pages !== null) expect(pages).toBe(EXPECTED_PAGES);
  const ink = await pdfFirstPageInk(pdf);
  if (ink !== null) expect(ink).toBeGreaterThan(0.01);

  await overview.open();
  await expect(overview.count('Reports')).toHaveText('1');
  await expect(overview.nextStep()).toHaveCount(0);
});
