import { expect, type Page } from '@playwright/test';

export class ConceptsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('concepts');
  readonly summary = () => this.root().getByTestId('concepts-summary');
  readonly job = () => this.root().getByTestId('concepts-job');
  readonly categories = () => this.root().getByTestId('category-table');
  readonly category = (name: string) => this.categories().locator(`tr[data-category="${name}"]`);
  readonly selected = () => this.root().getByTestId('selected-features').getByRole('listitem');
  readonly umap = () => this.root().getByTestId('concepts-umap').locator('[aria-label]').first();
  readonly ballMapper = () => this.root().getByTestId('concepts-ballmapper').locator('[aria-label]').first();

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Concepts' }).click();
    await expect(this.root()).toBeVisible();
  }

  /** Chooses the set whose option text matches, once the sets are listed. */
  async chooseSet(label: RegExp) {
    const select = this.root().getByLabel('Concept set');
    await expect(select.locator('option').filter({ hasText: label })).toHaveCount(1);
    const text = (await select.locator('option').filter({ hasText: label }).textContent())!;
    await select.selectOption({ label: text });
    await expect(select.locator('option:checked')).toHaveText(text);
  }

  async setThreshold(value: number) {
    await this.root().locator('input[name="threshold"]').fill(String(value));
  }

  /** Starts the concepts job and waits through its progress bar to the result. */
  async compute() {
    await this.root().getByTestId('compute-concepts').click();
    await expect(this.job().getByRole('progressbar')).toBeVisible();
    await expect(this.summary()).toBeVisible({ timeout: 60_000 });
    await expect(this.job()).toHaveCount(0);
  }
}
