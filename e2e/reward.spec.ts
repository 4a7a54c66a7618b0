import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeNpy } from '../src/core/data/npy';
import { plantedPairs } from '../src/core/models/reward/testing';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';
import { RewardPage } from './pages/RewardPage';
import { RunJobDialog } from './pages/RunJobDialog';

test('train a reward model from pairs and imported states, read why a pair was decided, shift preferences', async ({ page, studio }) => {
  // chosen responses carry a planted direction in their states (core/models/reward/testing.ts)
  // and every third prompt names a dog, so the "pets" domain has pairs to measure (planted prompts repeat in twos: keep them paired)
  const planted = plantedPairs(160, 12);
  const last = planted.last;
  const pairs = planted.pairs.map((p, i) => (Math.floor(i / 2) % 3 === 0 ? { ...p, prompt: `how do I walk my dog? ${p.prompt}` } : p));
  const pairsFile = path.join(studio.root, 'pairs.jsonl');
  const statesFile = path.join(studio.root, 'states.npy');
  await writeFile(pairsFile, pairs.map((p) => JSON.stringify(p)).join('\n'));
  await writeNpy(statesFile, last, [160, 2, 12]);

  await new HomePage(page).createProject(path.join(studio.root, 'reward.fstudio'), 'Reward study');
  const reward = new RewardPage(page);
  await reward.open();
  await expect(reward.root().getByTestId('empty-state')).toContainText('No reward model yet');
  // the shipped HH-RLHF pairs are one click away: the job dialog opens on them at the demo's tiny size
  await reward.root().getByTestId('reward-sample').click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.kind()).toHaveValue('train-reward-model');
  await expect(dialog.field('sample')).toHaveValue('tiny');
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();
  // a pairs file that is not there: the screen says which, where the analyst pressed Train
  await reward.train(path.join(studio.root, 'missing.jsonl'), statesFile, { width: 24, k: 4, steps: 120 });
  await expect(reward.job()).toHaveAttribute('data-job-state', 'error');
  await expect(reward.job()).toContainText('missing.jsonl');
  await reward.train(pairsFile, statesFile, { width: 24, k: 4, steps: 120 });

  await expect(reward.accuracyRow('saeHead')).toBeVisible({ timeout: 60_000 });
  for (const model of ['denseHead', 'length', 'topkHead'] as const) await expect(reward.accuracyRow(model)).toBeVisible();
  await expect(page.getByTestId('reward-accuracy-chart')).toBeVisible();

  const first = page.getByTestId('reward-pairs').getByRole('listitem').first().getByRole('button');
  await first.click();
  await expect(reward.pairView()).toContainText('Chosen');
  await expect(page.getByTestId('reward-waterfall')).toBeVisible();
  // ↓ opens the next pair and moves the focus to it
  await first.press('ArrowDown');
  const second = page.getByTestId('reward-pairs').getByRole('listitem').nth(1).getByRole('button');
  await expect(second).toBeFocused();
  await expect(second).toHaveClass(/active/);
  await expect(reward.pairView()).toBeVisible();

  // a feature's card: from the weight list, and from a pair's attribution rows; Escape closes it
  await reward.openWeightFeature(0);
  await expect(reward.featureCard()).toContainText(/Feature #\d+/);
  await expect(reward.featureCard()).toContainText(/fires \(TopK\) on \d+\.\d% of the chosen/);
  await expect(reward.featureCard().locator('ol li').first()).toContainText(/pair \d+, (chosen|rejected), latent/);
  await reward.featureCard().press('Escape');
  await expect(reward.featureCard()).toBeHidden();
  const row = reward.pairView().getByRole('row').nth(1);
  const id = (await row.getByRole('button').textContent())!.trim();
  await row.getByRole('button').click();
  await expect(reward.featureCard()).toContainText(`Feature ${id}`);

  // a fixed domain fills the target pattern, as "Check the fixed domains" reads it
  const shiftForm = page.getByTestId('reward-shift');
  await shiftForm.getByTestId('reward-domain').selectOption({ label: 'Pets and animals' });
  await expect(shiftForm.locator('select[name="reward-target-kind"]')).toHaveValue('promptMatches');
  await expect(shiftForm.locator('input[name="reward-target"]')).toHaveValue(/^\\b\(dog\|dogs\|cat/);
  await reward.shift('odd');
  await expect(reward.candidates()).toContainText(/predicted complement ratio \d\.\d\d, fires on \d+% of the target's chosen answers/);
  await expect(reward.candidates()).toContainText(/specificity -?\d\.\d\d/);
  await expect(reward.shiftResult()).toContainText('category = odd');
  await expect(reward.shiftResult()).toContainText('pairs change their verdict');
  // the suggested edit's measured ratio, and the verdict against the 0.2 bound
  await expect(reward.complementRatio()).toContainText(/move \d\.\d\d × as much as the target's .* ≤ 0\.2\): (not )?nearly unchanged/);

  // the fixed topic domains: pets is measured (54 pairs), the others have no pair; green or red against the bound
  await reward.checkDomains();
  await expect(reward.domain('pets')).toContainText(/#\d+\s*\d\.\d\d\s*(\d\.\d\d|—)\s*\d+ of \d+\s*(holds|does not hold)/);
  await expect(reward.domain('food')).toContainText('0 target pairs, fewer than 30');
  await expect(reward.domainsVerdict()).toContainText(/[01] of 1 measured domains hold on the held-out pairs \(bound 0\.2\)/);
  // a domain's feature number opens that feature's card, as the weight list's do
  await reward.featureCard().getByRole('button', { name: 'Close' }).click();
  await expect(reward.featureCard()).toBeHidden();
  const domainFeature = reward.domain('pets').getByRole('button');
  const picked = (await domainFeature.textContent())!.trim();
  await domainFeature.click();
  await expect(reward.featureCard()).toContainText(`Feature ${picked}`);
  await reward.featureCard().press('Escape');
  await saveScreenshot(page, 'reward');

  // the report, from the screen, and the way to it in Reports
  await reward.root().getByTestId('reward-export').click();
  await expect(reward.root().getByTestId('reward-report')).toContainText('.pdf');
  const reportId = /reports\/([^/\s]+)\.pdf/.exec((await reward.root().getByTestId('reward-report').textContent())!)![1];
  await reward.root().getByTestId('reward-report').getByRole('link', { name: 'open it in Reports' }).click();
  await expect(page).toHaveURL(/\/reports$/);
  // the report just written is listed there, without reopening the project
  await expect(page.getByTestId('report-list').locator(`[data-report="${reportId}"]`)).toBeVisible();
});

test("the shipped HH-RLHF pairs train in one click, and the shift editor opens on the demo's harmful requests", async ({ page, studio }) => {
  await new HomePage(page).createProject(path.join(studio.root, 'hh.fstudio'), 'HH-RLHF sample');
  const reward = new RewardPage(page);
  await reward.open();
  await reward.root().getByTestId('reward-sample').click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.field('sample')).toHaveValue('tiny');
  await dialog.start();
  await dialog.startedAndClosed();
  // the screen shows the job's progress itself: no panel opens over it
  await expect(reward.job()).toBeVisible();
  await expect(new JobsPanel(page).root()).toBeHidden();
  await expect(reward.accuracyRow('saeHead')).toBeVisible({ timeout: 90_000 });
  // as `demo reward`: the target is set, so Suggest then Re-score shifts it
  const shiftForm = page.getByTestId('reward-shift');
  await expect(shiftForm.getByTestId('reward-domain')).toHaveValue('harm');
  await expect(shiftForm.locator('input[name="reward-target"]')).toHaveValue(/^\\b\(steal\|kill/);
  await shiftForm.getByRole('button', { name: 'Suggest features' }).click();
  await expect(reward.candidates()).toContainText(/predicted complement ratio \d\.\d\d/);
  await shiftForm.getByRole('button', { name: 'Re-score' }).click();
  await expect(reward.shiftResult()).toContainText('pairs change their verdict');
  await expect(reward.complementRatio()).toContainText(/move \d\.\d\d × as much as the target's/);
});
