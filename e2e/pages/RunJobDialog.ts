import { expect, type Page } from '@playwright/test';

/** The "Run a job" dialog: a form per job kind, with every parameter as JSON under "Advanced". */
export class RunJobDialog {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByRole('dialog', { name: 'Run a job' });
  readonly kind = () => this.root().getByLabel('Kind');
  readonly errors = () => this.root().getByTestId('field-error');

  /** A parameter's field, by its config name (games, layer, name…). */
  field(name: string) {
    return this.root().locator(`[data-field="${name}"]`).locator('input, select');
  }

  async start() {
    await this.root().getByRole('button', { name: 'Start' }).click();
  }

  async startedAndClosed() {
    await expect(this.root()).toBeHidden();
  }
}
