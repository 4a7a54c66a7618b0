import { expect, type Page } from '@playwright/test';

export class CongestionPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('congestion');
  readonly layoutCount = () => this.root().getByTestId('layout-count');
  readonly fitnessChart = () => this.root().getByTestId('fitness-chart');
  readonly poolRows = () => this.root().getByTestId('feature-pool').locator('tbody tr');
  readonly metricsRows = () => this.root().getByTestId('metrics-table').locator('tbody tr');
  readonly layerMap = () => this.root().getByTestId('layer-map').locator('svg');
  readonly overlayMap = () => this.root().getByTestId('overlay-map').locator('svg');
  readonly deckCards = () => this.root().getByTestId('deck-card');
  readonly deckFile = () => this.root().getByTestId('deck-file');
  readonly layout = () => this.root().locator('select[name="layout"]');
  /** the workspace's newest job: progress, Cancel, and why it failed */
  readonly job = () => this.root().getByTestId('workspace-job');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Congestion' }).click();
    await expect(this.root()).toBeVisible();
  }

  async importFolder(dir: string) {
    const form = this.root().getByTestId('congestion-import');
    await form.getByLabel(/Folder of layout maps/).fill(dir);
    await form.getByLabel(/Folder of layout maps/).press('Enter');
  }

  async search(generations: number, trees: number) {
    await this.root().getByLabel('Generations').fill(String(generations));
    await this.root().getByLabel('Trees').fill(String(trees));
    await this.root().getByRole('button', { name: 'Run feature search' }).click();
  }

  async train(steps: number) {
    await this.root().getByLabel('Gate steps').fill(String(steps));
    // Enter in the field starts it, as in every form of the studio
    await this.root().getByLabel('Gate steps').press('Enter');
  }
}
