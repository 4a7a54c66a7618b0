import { expect, type Page } from '@playwright/test';

/** "Import an SAE" on Runs and the dataset pickers an unmeasured import gets (Runs, Features, Compare). */
export class ImportSae {
  constructor(readonly page: Page) {}

  readonly form = () => this.page.getByTestId('import-sae');
  readonly pickers = () => this.page.getByTestId('run-dataset-picker');
  picker(runName: string) {
    return this.pickers().filter({ hasText: runName });
  }

  /** the mismatch check's warnings for the dataset a picker has chosen, each item by its kind (d_in, hook, normalisation, fvu) */
  mismatch(runName: string) {
    return this.picker(runName).getByTestId('mismatch-warnings');
  }

  async importFolder(folder: string, name?: string) {
    await this.form().getByLabel('SAE folder').fill(folder);
    if (name) await this.form().getByLabel(/Run name/).fill(name);
    await this.form().getByRole('button', { name: 'Import SAE' }).click();
  }

  /** The datasets a picker offers, by their labels. */
  async offered(runName: string): Promise<string[]> {
    return this.picker(runName).getByRole('combobox').locator('option').allTextContents();
  }

  async measure(runName: string, datasetLabel?: RegExp) {
    const picker = this.picker(runName);
    if (datasetLabel) {
      const label = (await picker.getByRole('option').allTextContents()).find((t) => datasetLabel.test(t))!;
      await picker.getByRole('combobox').selectOption({ label });
    }
    await picker.getByRole('button', { name: 'Measure on this dataset' }).click();
    await expect(picker).toHaveCount(0, { timeout: 60_000 });
  }
}
