import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { runDemo } from '../src/core/demo';
import { expectNoSeriousViolations } from './a11y';
import { parseCsv } from './csv';
import { expect, test } from './fixtures';
import { ComparePage } from './pages/ComparePage';
import { HomePage } from './pages/HomePage';
import { ReportsPage } from './pages/ReportsPage';
import { saveScreenshot } from './screenshots';

/** A CSV as records keyed by its header. */
const records = (text: string) => {
  const [header, ...rows] = parseCsv(text).filter((r) => r.length > 1);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

test("the demo's finding on Compare: the same numbers as its CSV, baselines and the control beside the runs, matched L0, and the PDF in the browser", async ({ page, studio }) => {
  test.setTimeout(400_000);
  // the demo's CI size: seeded random Othello games through the shipped model, ten SAEs, the control and both baselines
  const dir = path.join(studio.root, 'demo.fstudio');
  const demo = await runDemo({ projectDir: dir, size: 'tiny', threads: 1 });
  const demoRows = records(await readFile(demo.csvFile, 'utf8'));
  await new HomePage(page).openProject(dir);

  const compare = new ComparePage(page);
  await compare.open();
  await expect(compare.scoring()).toHaveCount(0, { timeout: 120_000 });
  await expect(compare.table().locator('tr[data-kind="baseline"]')).toHaveCount(2, { timeout: 60_000 });
  await expect(compare.row('random dictionary').getByTestId('row-kind')).toHaveText('baseline');
  await expect(compare.row('neurons').getByTestId('row-kind')).toHaveText('baseline');
  await expect(compare.table().locator('tr[data-kind="control"]')).toHaveCount(1);
  await expect(compare.table().locator('tr[data-kind="control"]').getByTestId('row-kind')).toHaveText('control');
  await expect(compare.root().getByTestId('measured-on')).toContainText('A feature that always fires has coverage');
  await expect(compare.coverage()).toHaveAttribute('aria-label', /The dashed line is the coverage of a feature that always fires/);

  // one measurement per metric: every SAE row and baseline of the demo's CSV reads the same on Compare
  const shown = records(await compare.exportCsv());
  const name = (r: Record<string, string>) => (r.kind === 'baseline' && r.run === 'random' ? 'random dictionary' : r.run);
  for (const want of demoRows) {
    const got = want.run === 'random-weights model' ? shown.find((r) => r.kind === 'control') : shown.find((r) => r.run === name(want));
    expect(got, `Compare has a row for ${want.run}`).toBeDefined();
    for (const [mine, theirs] of [['L0', 'l0'], ['FVU', 'fvu'], ['coverage', 'coverage'], ['coverage above chance', 'coverageAboveChance'], ['board rec.', 'boardReconstruction']]) {
      expect(Number(got![mine]), `${want.run}: ${mine}`).toBeCloseTo(Number(want[theirs]), 9);
    }
  }
  await expectNoSeriousViolations(page, 'Compare with baselines');
  await saveScreenshot(page, 'compare');

  // matched L0: plain L1 against p-annealing, the paper's comparison, by keyboard on the tab list
  await compare.root().getByRole('tab', { name: 'Runs and baselines' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(compare.root().getByRole('tab', { name: 'Matched L0' })).toHaveAttribute('aria-selected', 'true');
  await expect(compare.matched().getByTestId('matched-summary')).toContainText(/l1: 2 runs, L0 .*; panneal: 2 runs/);
  await expect(compare.matched().getByTestId('matched-chart')).toBeVisible();
  await saveScreenshot(page, 'compare-matched-l0');

  // Reports: coverage and matched L0 are on by default here; the same numbers in the preview; the PDF opens and downloads in the browser
  const reports = new ReportsPage(page);
  await reports.open();
  await expect(reports.form().getByRole('checkbox', { name: 'Coverage and board reconstruction' })).toBeChecked();
  await expect(reports.form().getByRole('checkbox', { name: /^Matched L0/ })).toBeChecked();
  await reports.form().getByRole('button', { name: 'Export PDF and CSV' }).click();
  await expect(reports.saved()).toContainText('.pdf', { timeout: 60_000 });
  // the section says what the two sweeps cover (whether or not their L0 ranges meet at this size)
  await expect(reports.preview().getByTestId('preview-matched-l0')).toContainText(/l1: 2 runs, L0 .*; panneal: 2 runs/);
  const listed = reports.list().filter({ hasText: 'SAE comparison' });
  const [download] = await Promise.all([page.waitForEvent('download'), listed.getByRole('button', { name: 'Download PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sae-comparison.*\.pdf$/);
  const bytes = await readFile((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const [popup] = await Promise.all([page.waitForEvent('popup'), listed.getByRole('button', { name: 'Open PDF' }).click()]);
  expect(popup.url()).toMatch(/^blob:/);
  await popup.close();
  await expectNoSeriousViolations(page, 'Reports');
});
