import { expect, type Page } from '@playwright/test';

export interface ImportOptions {
  /** safetensors: the tensor to pick */
  tensor?: string;
  name?: string;
  /** path of a token sidecar (tokens.json) */
  tokens?: string;
}

export class DatasetsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('datasets');
  readonly list = () => this.page.getByTestId('dataset-list');
  readonly empty = () => this.root().getByTestId('empty-state');
  readonly importForm = () => this.page.getByTestId('import-dataset');
  readonly tensorPicker = () => this.page.getByTestId('tensor-picker');
  /** the list's "With" cell of the dataset called `name` (labels, tokens) */
  readonly extras = (name: string) => this.list().getByRole('row', { name: new RegExp(name) }).getByTestId('dataset-extras');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Datasets' }).click();
    await expect(this.root()).toBeVisible();
  }

  /** Step one of an import: read the file's header. */
  async inspect(file: string) {
    const path = this.importForm().getByLabel(/File path/);
    await path.fill(file);
    await path.press('Enter');
  }

  /** Inspects `file`, then imports it. */
  async importFile(file: string, options: ImportOptions = {}) {
    await this.inspect(file);
    await this.importInspected(options);
  }

  /** Step two: pick `tensor` when given, name the dataset, attach a token file, and start the import job (Enter in the last field filled). */
  async importInspected(options: ImportOptions = {}) {
    await expect(this.tensorPicker()).toBeVisible();
    if (options.tensor) await this.tensorPicker().getByRole('radio', { name: options.tensor, exact: true }).check();
    if (options.name) await this.importForm().getByLabel('Dataset name').fill(options.name);
    if (options.tokens) {
      const tokens = this.importForm().getByLabel(/Token file/);
      await tokens.fill(options.tokens);
      await tokens.press('Enter');
    } else await this.importForm().getByRole('button', { name: 'Import' }).click();
    // the form resets once the job is started
    await expect(this.tensorPicker()).toBeHidden();
  }

  async openDataset(name: string) {
    await this.list().getByRole('link', { name, exact: true }).click();
  }
}
