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
