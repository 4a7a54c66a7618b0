import { cp } from 'node:fs/promises';
import path from 'node:path';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { HomePage } from './pages/HomePage';
import { MatchTab } from './pages/MatchTab';
import { saveScreenshot } from './screenshots';
import { studioApi } from './studioApi';

/**
 * Two real SAELens checkpoints of one layer: ReLU SAEs on Othello-GPT's blocks.1.hook_resid_pre
 * (d_in 128) with 1,024 and 2,048 features, from thijmennijdam/Othello-GPT-FeatInterp (MIT; see
 * ../shared/data/activations/SOURCES.md), and one of layer 3 that must be refused.
 */
const SAES = path.resolve('../shared/data/activations/othello_gpt_saes_saelens');
const checkpoint = (layer: number, expansion: number) => path.join(SAES, `my-own-othello-model_blocks.${layer}.hook_resid_pre_${layer}_${expansion}_0.01_512_102400000_0.0001_0.01`);

// the refused pair answers 400, which the browser logs
test.use({ allowConsoleErrors: [/Failed to load resource: the server responded with a status of 400/] });

test('Compare matches two runs feature by feature: MMCS, histogram, sortable pairs linking to both features, CSV', async ({ page, studio }) => {
  test.setTimeout(90_000);
  const dir = path.join(studio.root, 'match.fstudio');
  await new HomePage(page).createProject(dir, 'Match');
  const projectDir = decodeURIComponent(/#\/project\/([^/?]+)/.exec(page.url())![1]);
  const api = studioApi(studio.server.url);
  for (const [layer, expansion, name] of [[1, 8, 'L1 ×8'], [1, 16, 'L1 ×16'], [3, 8, 'L3 ×8']] as const) {
    const folder = path.join(studio.root, name.replace(/\W+/g, '-'));
    await cp(checkpoint(layer, expansion), folder, { recursive: true });
    await api.call('importSae', { projectDir, path: folder, name });
  }
  await page.reload();

  const match = new MatchTab(page);
  await match.open();
  await match.match('L1 ×8 (1024 features)', 'L1 ×16 (2048 features)');
  const mmcsAB = Number(await match.summary().getByTestId('mmcs-ab').textContent());
  expect(mmcsAB).toBeGreaterThan(0.3);
  expect(mmcsAB).toBeLessThan(1);
  await expect(match.summary()).toContainText('pairs with cosine ≥ 0.9');
  await expect(match.histogram()).toHaveAttribute('aria-label', /Best-match decoder cosines: 1,024 features of L1 ×8 .* and 2,048 of L1 ×16/);
  // 1,024 pairs and the 1,024 features of the wider run left unassigned, 100 drawn at a time
  await expect(match.count()).toHaveText('100 of 2048 rows');
  await match.show('assigned pairs');
  await expect(match.count()).toHaveText('100 of 1024 rows');

  // sorted by assigned cosine, largest first; a click turns it round
  const cos = await match.column(2);
  expect(cos).toEqual([...cos].sort((x, y) => y - x));
  await match.sortBy('cosine');
  const up = await match.column(2);
  expect(up).toEqual([...up].sort((x, y) => x - y));
  expect(up[0]).toBeLessThan(cos[0]);

  await expectNoSeriousViolations(page, 'Compare, Match features');
  await match.sortBy('cosine');
  await saveScreenshot(page, 'compare-match');

  const csv = await match.exportCsv();
  expect(csv.name).toMatch(/^match-.+\.csv$/);
  const lines = csv.text.trimEnd().split('\r\n');
  expect(lines[0]).toBe('L1 ×8 feature,L1 ×16 feature,assigned cosine,best in L1 ×16,its cosine,best in L1 ×8,its cosine');
  expect(lines).toHaveLength(1 + 1024);
  expect(Number(lines[1].split(',')[2])).toBeCloseTo(cos[0], 3);

  // each side links to its feature's page
  const first = match.bodyRows().first();
  const b = (await first.locator('a[data-side="b"]').textContent())!.trim();
  await first.locator('a[data-side="b"]').click();
  await expect(page).toHaveURL(new RegExp(`#/project/[^?]+/features\\?run=[^&]+&feature=${b}$`));

  // runs of different layers are refused, saying why
  await match.open();
  await match.root().getByLabel('Run A').selectOption({ label: 'L1 ×8 (1024 features)' });
  await match.root().getByLabel('Run B').selectOption({ label: 'L3 ×8 (1024 features)' });
  await match.root().getByRole('button', { name: 'Match features' }).click();
  await expect(page.getByTestId('toast').filter({ hasText: 'was trained on blocks.1.hook_resid_pre and run "L3 ×8" on blocks.3.hook_resid_pre' })).toBeVisible({ timeout: 15_000 });
});
