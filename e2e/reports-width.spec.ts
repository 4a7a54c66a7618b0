import path from 'node:path';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { expect, test } from './fixtures';
import { HomePage } from './pages/HomePage';
import { ReportsPage } from './pages/ReportsPage';

// Issue 26: "at 1280×720 Reports scrolls sideways". The page must fit the window's width with
// its form, its preview (table, charts, a feature card with its board) and its saved reports.
test.use({ viewport: { width: 1280, height: 720 } });

test('Reports fits a 1280×720 window: nothing scrolls sideways', async ({ page, studio }) => {
  // Othello residuals with board labels (6 real WTHOR games through a small transcript model,
  // see seedProject) and one random TopK run of 32 features on them
  // a long folder name, as analysts give them: its path is in the saved reports' file names
  const dir = path.join(studio.root, 'othello-gpt-layer-1-topk-and-relu-sweeps-with-whitening-and-matched-l0-december.fstudio');
  // and a long run name, as the demo's control run has: the feature cards' run list must not widen the form
  const runName = 'ReLU-L1 λ=0.4443 on the random-weights model, layer 1, 32 features, seed 0';
  await seedExplorerProject(dir, { games: 6, features: 32, runName });
  await new HomePage(page).openProject(dir);
  const reports = new ReportsPage(page);
  await reports.open();
  await expectNoSidewaysScroll();
  await reports.addTop(1, 'frequency');
  await expect(reports.chosenCards()).toHaveCount(1);
  await reports.check(runName);
  await reports.form().getByRole('button', { name: 'Preview' }).click();
  await expect(reports.previewCards()).toHaveCount(1, { timeout: 30_000 });
  await expect(reports.previewCards().first().getByTestId('card-histogram')).toBeVisible();
  await expectNoSidewaysScroll();
  // a saved report lists its files by their full paths, the longest text on the screen
  await reports.form().getByRole('button', { name: 'Export PDF and CSV' }).click();
  await expect(reports.saved()).toContainText('.pdf', { timeout: 60_000 });
  await expectNoSidewaysScroll();

  async function expectNoSidewaysScroll() {
    // the e2e project compiles without the DOM library: the root element's shape is spelled out
    type Root = { scrollWidth: number; clientWidth: number };
    const { scroll, client } = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: Root } }).document.documentElement;
      return { scroll: root.scrollWidth, client: root.clientWidth };
    });
    expect(scroll, `the page is ${scroll} px wide in a ${client} px window`).toBeLessThanOrEqual(client);
  }
});
