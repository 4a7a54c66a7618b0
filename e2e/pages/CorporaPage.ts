import { expect, type Page } from '@playwright/test';

export interface CorpusMapping {
  text?: string;
  id?: string;
  group?: string;
  name?: string;
}

export class CorporaPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('corpora');
  readonly list = () => this.page.getByTestId('corpus-list');
  readonly empty = () => this.root().getByTestId('empty-state');
  readonly form = () => this.page.getByTestId('import-corpus');
  readonly columns = () => this.form().getByTestId('corpus-columns');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Corpora' }).click();
    await expect(this.root()).toBeVisible();
  }

  /** Step one: read the file's header and first rows (Enter in the path field). */
  async inspect(file: string) {
    const path = this.form().getByLabel(/File path/);
    await path.fill(file);
    await path.press('Enter');
    await expect(this.columns()).toBeVisible();
  }

  /** Step two: map the columns and start the import job. */
  async importInspected(mapping: CorpusMapping) {
    if (mapping.text) await this.form().getByLabel('Text column').selectOption(mapping.text);
    if (mapping.id) await this.form().getByLabel('Id column').selectOption(mapping.id);
    if (mapping.group) await this.form().getByLabel(/Group column/).selectOption(mapping.group);
    if (mapping.name) await this.form().getByLabel('Corpus name').fill(mapping.name);
    await this.form().getByRole('button', { name: 'Import' }).click();
    // the form resets once the job has started
    await expect(this.columns()).toBeHidden();
  }

  async openCorpus(name: string) {
    await this.list().getByRole('link', { name, exact: true }).click();
  }
}

export class CorpusPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('corpus');
  readonly summary = () => this.page.getByTestId('corpus-summary');
  readonly rows = () => this.page.getByTestId('corpus-rows');
  readonly range = () => this.page.getByTestId('corpus-range');
  readonly text = () => this.page.getByTestId('evidence-text');
  readonly evidence = () => this.text().getByTestId('evidence');
  readonly caption = () => this.page.getByTestId('evidence-caption');
  readonly values = () => this.page.getByTestId('feature-values');
  readonly unavailable = () => this.page.getByTestId('unavailable-families');

  /** Picks a feature in the values table, by id (`experience.reports`). */
  async selectFeature(id: string) {
    await this.values().locator(`[data-feature="${id}"]`).getByRole('button').click();
    await expect(this.caption()).toContainText(id);
  }

  /** Shows one family's features instead of the summary, by family id (`pos`). */
  async showFamily(id: string) {
    await this.page.getByTestId('family-select').selectOption(id);
  }
}
