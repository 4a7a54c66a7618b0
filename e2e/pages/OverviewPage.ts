import { expect, type Page } from '@playwright/test';

export class OverviewPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('overview');
  readonly nextStep = () => this.root().getByTestId('next-step');
  readonly running = () => this.root().getByTestId('running-jobs');
  readonly noneRunning = () => this.root().getByTestId('no-running');
  readonly lastActivity = () => this.root().getByTestId('last-activity');

  /** The count shown on a tile: 'Datasets', 'Runs', 'Models' or 'Reports'. */
  count(label: string) {
    return this.root().getByTestId(`count-${label.toLowerCase()}`).getByTestId('count');
  }

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Overview' }).click();
    await expect(this.root()).toBeVisible();
  }
}
