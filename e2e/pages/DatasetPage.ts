import type { Page } from '@playwright/test';

export class DatasetPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('dataset');
  readonly shape = () => this.page.getByTestId('dataset-shape');
  readonly dtype = () => this.page.getByTestId('dataset-dtype');
  /** the token sidecar's size; absent when the dataset has none */
  readonly tokens = () => this.page.getByTestId('dataset-tokens');
  /** ECharts writes the builder's aria description on the chart's own element */
  readonly histogram = () => this.page.getByTestId('norm-histogram').locator('[aria-label]').first();
  readonly meanStd = () => this.page.getByTestId('mean-std').locator('[aria-label]').first();
}
