import { expect, type Page } from '@playwright/test';

export class DatasetsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('datasets');
  readonly list = () => this.page.getByTestId('dataset-list');
  readonly empty = () => this.root().getByTestId('empty-state');
  readonly importForm = () => this.page.getByTestId('import-dataset');
  readonly tensorPicker = () => this.page.getByTestId('tensor-picker');

  /** Step one of an import: read the file's header. */
  async inspect(file: string) {
    const path = this.importForm().getByLabel(/File path/);
    await path.fill(file);
    await path.press('Enter');
  }

  /** Inspects `file`, then imports it. */
  async importFile(file: string, options: { tensor?: string; name?: string } = {}) {
    await this.inspect(file);
    await this.importInspected(options);
  }

  /** Step two: pick `tensor` when given, name the dataset, and start the import job. */
  async importInspected(options: { tensor?: string; name?: string } = {}) {
    await expect(this.tensorPicker()).toBeVisible();
    if (options.tensor) await this.tensorPicker().getByRole('radio', { name: options.tensor, exact: true }).check();
    if (options.name) await this.importForm().getByLabel('Dataset name').fill(options.name);
    await this.importForm().getByRole('button', { name: 'Import' }).click();
    // the form resets once the job is started
    await expect(this.tensorPicker()).toBeHidden();
  }

  async openDataset(name: string) {
    await this.list().getByRole('link', { name, exact: true }).click();
  }
}
