import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { importExplanations } from '../src/core/explorer/explanations';
import { seedExplorerProject } from '../src/core/explorer/testing/seedProject';
import { PLANTED_FEATURE, PLANTED_WORD, seedTokenProject } from '../src/core/explorer/testing/seedTokens';
import { runDir } from '../src/core/sae/run/folder';
import { expect, test } from './fixtures';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { JobsPanel } from './pages/JobsPanel';
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
  // the first look computes the statistics in a job: its progress bar, then the list
  await features.waitForStatistics();
  // counts with thousands separators; the dataset by its name, as the Datasets list shows it
  await expect(features.count()).toHaveText('16,384 of 16,384 features · 590 rows of Othello resid_post layer 1');
  // the jobs panel names the run and the dataset the same way (the core's title has their ids)
  const jobs = new JobsPanel(page);
  await jobs.open();
  await expect(jobs.job('feature-stats').root.getByTestId('job-title')).toHaveText('Feature statistics of TopK random on Othello resid_post layer 1');
  await page.getByTestId('jobs-toggle').click();

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

test('text features: sort by explanation score, read an explanation, see examples as highlighted tokens', async ({ page, studio }) => {
  // token embeddings of 30 real reviews (Amazon Fine Food Reviews, CC0; see seedTokens) imported
  // with their token sidecar, and a ReLU run whose feature 0 fires on " great"
  const dir = path.join(studio.root, 'tokens.fstudio');
  const { runId } = await seedTokenProject(dir, { reviews: 30, features: 256 });
  const csv = path.join(studio.root, 'explanations.csv');
  await writeFile(csv, `feature,text,score\n7,"a long explanation, with a comma, that the list cuts short and shows whole on hover",0.41\n${PLANTED_FEATURE},the word great,0.93\n12,no score yet,\n`);
  await importExplanations(runDir(dir, runId), csv, 256);
  await new HomePage(page).openProject(dir);
  const features = new FeaturesPage(page);
  await features.open();
  await features.waitForStatistics();

  // explained features first, highest score on top; unscored ones after them
  await features.sortBy('explanation score');
  await expect(features.rows().nth(0)).toHaveAttribute('data-feature', String(PLANTED_FEATURE));
  await expect(features.rows().nth(1)).toHaveAttribute('data-feature', '7');
  await expect(features.rows().nth(0).getByTestId('score')).toHaveText('0.93');
  await expect(features.row(7).getByTestId('explanation')).toHaveAttribute('title', 'a long explanation, with a comma, that the list cuts short and shows whole on hover');

  await features.rows().nth(0).click();
  await expect(features.featurePage()).toHaveAttribute('data-feature', String(PLANTED_FEATURE));
  await expect(features.explanation()).toContainText('the word great');
  await expect(features.explanation()).toContainText('score 0.93');
  await expect(features.boards()).toHaveCount(0);
  await expect(features.tokenExamples().first()).toBeVisible();
  const activating = features.tokenExamples().first().getByTestId('activating-token');
  await expect(activating).toHaveText(PLANTED_WORD);
  await expect(activating).toHaveAttribute('title', /^f = 0\.1/);
  // the colour scale: only the activating word is coloured in its window
  const styles = await features.tokenExamples().first().locator('.tok').evaluateAll((els) => els.map((el) => el.getAttribute('style') ?? ''));
  const strengths = styles.map((s) => Number(/--strength:\s*([\d.e-]+)/.exec(s)?.[1] ?? NaN));
  expect(strengths.filter((v) => v > 0).length).toBeGreaterThanOrEqual(1);
  expect(Math.max(...strengths)).toBe(1);
  await saveScreenshot(page, 'feature-explorer-tokens');
});
