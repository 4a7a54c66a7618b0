import { expect, type Page } from '@playwright/test';

export class ReportsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('reports');
  readonly form = () => this.root().getByTestId('report-form');
  readonly preview = () => this.root().getByTestId('report-preview');
  readonly previewRows = () => this.preview().getByTestId('preview-table').locator('tbody tr');
  readonly saved = () => this.root().getByTestId('saved-report');
  readonly list = () => this.root().getByTestId('report-list').getByRole('listitem');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Reports' }).click();
    await expect(this.root()).toBeVisible();
  }

  async check(label: string) {
    await this.form().getByRole('checkbox', { name: label }).check();
  }
}
