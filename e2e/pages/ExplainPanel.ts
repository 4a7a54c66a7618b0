import { expect, type Page } from '@playwright/test';

/** The feature page's "Explanation by experiment" panel. */
export class ExplainPanel {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('explain-panel');
  readonly button = () => this.root().getByTestId('explain-button');
  readonly final = () => this.root().getByTestId('explain-final');
  readonly scores = () => this.root().getByTestId('explain-scores');
  readonly hypotheses = () => this.root().getByTestId('hypotheses').getByRole('listitem');
  readonly causalChart = () => this.root().getByTestId('causal-chart');
  readonly causalSummary = () => this.root().getByTestId('causal-summary');
  readonly causalBytes = () => this.root().getByTestId('causal-bytes');

  /** Starts the explain job and waits for its log to show. */
  async explain() {
    await this.button().click();
    await expect(this.final()).toBeVisible({ timeout: 120_000 });
  }
}

/** The Features screen's "Explain the top N" control. */
export class ExplainBatch {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('explain-batch');
  readonly button = () => this.root().getByTestId('explain-batch-button');

  /** Starts explaining the run's `n` most frequent features. */
  async explainTop(n: number) {
    await this.root().locator('input[name="explain-top"]').fill(String(n));
    await this.button().click();
  }
}
