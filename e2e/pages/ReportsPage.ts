import { expect, type Page } from '@playwright/test';

export class ReportsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('reports');
  readonly form = () => this.root().getByTestId('report-form');
  readonly preview = () => this.root().getByTestId('report-preview');
  readonly previewRows = () => this.preview().getByTestId('preview-table').locator('tbody tr');
  readonly saved = () => this.root().getByTestId('saved-report');
  readonly list = () => this.root().getByTestId('report-list').getByRole('listitem');
  readonly picker = () => this.form().getByTestId('card-picker');
  readonly chosenCards = () => this.picker().getByTestId('chosen-cards').getByRole('listitem');
  readonly previewCards = () => this.preview().getByTestId('preview-card');
  /** the "Add to report" button beside a feature's page (Features screen) */
  readonly addToReport = () => this.page.getByTestId('add-to-report');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Reports' }).click();
    await expect(this.root()).toBeVisible();
  }

  async check(label: string) {
    await this.form().getByRole('checkbox', { name: label }).check();
  }

  async uncheck(label: string) {
    await this.form().getByRole('checkbox', { name: label }).uncheck();
  }

  /** Adds feature cards by id ("3, 17") for the run chosen in the picker. */
  async addCardIds(ids: string) {
    await this.picker().getByLabel('Feature ids').fill(ids);
    await this.picker().getByRole('button', { name: 'Add', exact: true }).click();
  }

  /** Adds the top `n` features of the picker's run, by 'frequency' or 'bestF1'. */
  async addTop(n: number, by: 'frequency' | 'bestF1') {
    await this.picker().getByLabel('Top', { exact: true }).fill(String(n));
    await this.picker().getByLabel('Rank by').selectOption(by);
    await this.picker().getByRole('button', { name: 'Add top' }).click();
  }
}
