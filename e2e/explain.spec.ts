import path from 'node:path';
import type { Page } from '@playwright/test';
import { seedExplainProject } from '../src/core/explain/testing/seedExplainProject';
import { seedExplainTextProject } from '../src/core/explain/testing/seedExplainTextProject';
import { expectNoSeriousViolations } from './a11y';
import { expect, test } from './fixtures';
import { ExplainBatch, ExplainPanel } from './pages/ExplainPanel';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { saveScreenshot } from './screenshots';

/** Opens the project's Features screen at its most frequent feature, whose page holds the Explain panel. */
async function openMostFrequent(page: Page, dir: string) {
  await new HomePage(page).openProject(dir);
  const features = new FeaturesPage(page);
  await features.open();
  await features.waitForStatistics();
  await features.sortBy('frequency');
  await features.rows().first().click();
  return { features, panel: new ExplainPanel(page) };
}

test('explain a feature by experiment: hypotheses with statuses, tests drawn as boards, scores and the causal chart; then the top 3 as a batch', async ({ page, studio }) => {
  test.setTimeout(180_000);
  // the shipped Othello model's activations of 8 real WTHOR games (see seedExplainProject) and a random TopK SAE
  const { features, panel } = await openMostFrequent(page, await seedExplainProject(path.join(studio.root, 'explain.fstudio')));
  await expect(panel.button()).toHaveText('Explain');
  await panel.explain();

  // SAGE's ≥ 4 hypotheses, one of them the negative control, each with a status
  expect(await panel.hypotheses().count()).toBeGreaterThanOrEqual(4);
  await expect(panel.root().getByText('(negative control)')).toHaveCount(1);
  await expect(panel.hypotheses().first()).toHaveAttribute('data-status', /CONFIRMED|REFUTED|REFINED|UNCHANGED/);
  // a test's inputs are the positions of fresh games, drawn as boards
  await panel.hypotheses().first().locator('summary').click();
  await expect(panel.hypotheses().first().getByTestId('board').first()).toBeVisible();
  await expect(panel.scores().getByRole('row')).toHaveCount(3);
  await expect(panel.causalSummary()).toContainText('Clamped to');
  await expect(panel.causalChart().locator('[aria-label]').first()).toHaveAttribute('aria-label', /Causal effects of feature/);
  await expect(panel.button()).toHaveText('Explain again');
  // the list picks the new explanation up when the job ends, without reopening the screen
  const explanation = (await panel.final().locator('strong').textContent())!;
  await expect(features.rows().first().getByTestId('explanation')).toHaveText(explanation);
  await expectNoSeriousViolations(page, 'the feature page with its explanation log');
  await saveScreenshot(page, 'feature-explain');

  // a batch from the list: the three most frequent features, the first already explained above
  await new ExplainBatch(page).explainTop(3);
  for (const i of [1, 2]) await expect(features.rows().nth(i).getByTestId('explanation')).not.toHaveText('', { timeout: 150_000 });
});

test('explain a text feature: tests with model samples, the next-byte causal test and its chart', async ({ page, studio }) => {
  test.setTimeout(180_000);
  // the shipped text model's activations of 12 held-out English documents (see seedExplainTextProject) and a random TopK SAE
  const { panel } = await openMostFrequent(page, await seedExplainTextProject(path.join(studio.root, 'explain-text.fstudio')));
  await panel.explain();

  expect(await panel.hypotheses().count()).toBeGreaterThanOrEqual(4);
  await panel.hypotheses().first().locator('summary').click();
  await expect(panel.hypotheses().first().locator('.toks').first()).toBeVisible();
  // some test inputs are the text model's own continuations of the exemplars
  expect(await panel.root().locator('[data-source="model sample"]').count()).toBeGreaterThan(0);
  await expect(panel.causalSummary()).toContainText('exemplar windows');
  await expect(panel.causalBytes().getByRole('row')).toHaveCount(3);
  await expect(panel.causalChart().locator('[aria-label]').first()).toHaveAttribute('aria-label', /Causal effects of feature \d+: .*ablate: p\(/);
  await expectNoSeriousViolations(page, 'a text feature page with its explanation log');
  await saveScreenshot(page, 'feature-explain-text');

  // a batch of minutes is stopped where it was started, not only from the Jobs panel
  const batch = new ExplainBatch(page);
  await batch.explainTop(40);
  await batch.root().getByTestId('explain-batch-cancel').click();
  await expect(batch.root().getByTestId('explain-batch-cancelled')).toBeVisible();
  await expect(batch.button()).toBeEnabled();
});
