import type { Locator, Page } from '@playwright/test';
import { RunJobDialog } from './RunJobDialog';

/** The Review quality screen: metrics against baselines, kept features, review viewer, hypothesis history. */
export class ReviewsPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Review quality' }).click();
  }

  root(): Locator {
    return this.page.getByTestId('reviews');
  }

  /** Starts discovery on the shipped sample from the Overview's demo button, with the run's parameters adjusted in the dialog. */
  async startDemoFromOverview(advanced: Record<string, unknown>): Promise<void> {
    await this.page.getByTestId('demo-reviews').click();
    const dialog = new RunJobDialog(this.page);
    await dialog.root().locator('details summary').click();
    await dialog.root().locator('textarea[name="params"]').fill(JSON.stringify(advanced));
    await dialog.start();
    await dialog.startedAndClosed();
    // starting a job opens the jobs panel over the screen: close it again
    if (await this.page.getByTestId('jobs-panel').isVisible()) await this.page.getByTestId('jobs-toggle').click();
  }

  /** The opt-in for PROMPT features (an LLM's 1–10 per review). */
  promptOption(): Locator {
    return this.page.getByTestId('reviews-prompt');
  }

  metricsTable(): Locator {
    return this.page.getByTestId('reviews-metrics-table');
  }

  keptRows(): Locator {
    return this.page.getByTestId('reviews-kept-row');
  }

  async openFirstReview(): Promise<void> {
    await this.page.getByTestId('reviews-viewer').getByRole('listitem').first().getByRole('button').click();
  }

  reviewView(): Locator {
    return this.page.getByTestId('reviews-review-view');
  }

  history(): Locator {
    return this.page.getByTestId('reviews-history');
  }
}
