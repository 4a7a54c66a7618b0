import { expect, type Page } from '@playwright/test';

export class FeaturesPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('features');
  readonly count = () => this.root().getByTestId('feature-count');
  readonly list = () => this.root().getByTestId('feature-list');
  readonly rows = () => this.list().getByRole('option');
  readonly featurePage = () => this.page.getByTestId('feature-page');
  readonly boards = () => this.featurePage().getByTestId('board');
  readonly properties = () => this.featurePage().getByTestId('properties');
  readonly nearest = () => this.featurePage().getByTestId('nearest').getByRole('listitem');
  readonly histogram = () => this.page.getByTestId('feature-histogram').locator('[aria-label]').first();
  readonly statsJob = () => this.root().getByTestId('feature-stats-job');
  readonly tokenExamples = () => this.featurePage().getByTestId('token-example');
  readonly explanation = () => this.featurePage().getByTestId('explanation');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Features' }).click();
    await expect(this.root()).toBeVisible();
  }

  /** Sorts the list and waits until it shows the new order from its top (a new sort scrolls to row 0). */
  async sortBy(label: string) {
    await this.root().getByLabel('Sort by').selectOption({ label });
    await expect.poll(() => this.list().evaluate((el) => el.scrollTop)).toBe(0);
  }

  /**
   * Waits out the first look at a run: the feature-stats job's progress bar shows, moves to
   * done, and the list replaces it.
   */
  /** "Export for Neuronpedia": waits for the notice naming what was written, and returns it */
  async exportNeuronpedia(): Promise<string> {
    await this.root().getByRole('button', { name: 'Export for Neuronpedia' }).click();
    const notice = this.page.getByTestId('toast').filter({ hasText: 'for Neuronpedia to' });
    await expect(notice).toBeVisible({ timeout: 60_000 });
    return (await notice.textContent())!;
  }

  async waitForStatistics() {
    await expect(this.statsJob().getByRole('progressbar')).toBeVisible();
    await expect(this.list()).toBeVisible({ timeout: 60_000 });
    await expect(this.statsJob()).toHaveCount(0);
  }

  row(feature: number) {
    return this.list().locator(`[data-feature="${feature}"]`);
  }

  /** Scrolls the list's own viewport to its end, as a wheel or the scrollbar would. */
  async scrollToEnd() {
    await this.list().evaluate((el) => el.scrollTo({ top: el.scrollHeight }));
  }
}
