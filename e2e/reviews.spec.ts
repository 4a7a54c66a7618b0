import path from 'node:path';
import { expect, test } from './fixtures';
import { saveScreenshot } from './screenshots';
import { HomePage } from './pages/HomePage';
import { ReviewsPage } from './pages/ReviewsPage';
import { RunJobDialog } from './pages/RunJobDialog';

// The shipped Fine Food sample (CC0, resources/README.md), imported by the job on first use.
test('discover review-quality features from the Overview demo, read the table, a review\'s evidence and the hypothesis history, export the report', async ({ page, studio }) => {
  test.setTimeout(420_000);
  await new HomePage(page).createProject(path.join(studio.root, 'reviews.fstudio'), 'Review study');
  const reviews = new ReviewsPage(page);
  // the first 800 reviews, no embedding baseline and one reflection round keep the spec short
  await reviews.startDemoFromOverview({ sample: 'tiny', maxRows: 800, embedding: false, config: { rounds: 1, poolSize: 20, beamWidth: 5, maxFeatures: 5 } });
  await reviews.open();
  // PROMPT features are never used unless the analyst ticks them
  await expect(reviews.promptOption()).not.toBeChecked();
  await expect(reviews.metricsTable()).toBeVisible({ timeout: 300_000 });
  for (const title of ['discovered features', 'length only', 'bag of words', 'all registry features']) await expect(reviews.metricsTable()).toContainText(title);
  await expect(page.getByTestId('reviews-selection-rho')).toHaveText(/\d\.\d{3}/);
  await expect(reviews.keptRows().first()).toBeVisible();

  await reviews.openFirstReview();
  await expect(reviews.reviewView()).toContainText('Predicted');
  await expect(page.getByTestId('reviews-contribution').first()).toBeVisible();
  await expect(reviews.reviewView().getByTestId('evidence-text')).toBeVisible();
  // ↓ opens the next review and moves the focus to it
  await page.getByTestId('reviews-viewer').getByRole('listitem').first().getByRole('button').press('ArrowDown');
  const second = page.getByTestId('reviews-viewer').getByRole('listitem').nth(1).getByRole('button');
  await expect(second).toBeFocused();
  await expect(second).toHaveClass(/active/);
  await expect(reviews.reviewView()).toBeVisible();

  await expect(reviews.history()).toContainText('round 0');
  await expect(page.getByTestId('reviews-hypothesis').first()).toBeVisible();
  await page.getByTestId('reviews-export').click();
  await expect(page.getByTestId('reviews-report')).toContainText('.pdf');
  await expect(page.getByTestId('reviews-report').getByRole('link', { name: 'open it in Reports' })).toBeVisible();
  // "on a corpus…" opens on a corpus the project holds (the sample the run imported), with its helpfulness target
  await page.getByTestId('reviews-discover-corpus').click();
  const dialog = new RunJobDialog(page);
  await expect(dialog.field('corpus')).toHaveValue('fine-food');
  await expect(dialog.field('target')).toHaveValue('HelpfulnessNumerator/HelpfulnessDenominator');
  await page.keyboard.press('Escape');
  await expect(dialog.root()).toBeHidden();
  // the history filtered to what was kept keeps the screenshot to one screen's worth
  await page.locator('select[name="reviews-history-filter"]').selectOption('kept');
  await expect(page.getByTestId('reviews-hypothesis')).toHaveCount(await reviews.keptRows().count());
  await saveScreenshot(page, 'reviews');
});
