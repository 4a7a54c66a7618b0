import { expect, type Locator, type Page } from '@playwright/test';

export class JobsPanel {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('jobs-panel');
  readonly jobs = () => this.root().getByTestId('job');

  async open() {
    if (!(await this.root().isVisible())) await this.page.getByTestId('jobs-toggle').click();
    await expect(this.root()).toBeVisible();
  }

  /** The newest job of a kind (the panel lists newest first). */
  job(kind: string): Job {
    return new Job(this.root().locator(`[data-job-kind="${kind}"]`).first());
  }

  /** Starts a job from the "Run a job" dialog with the keyboard shortcut `r`. */
  async run(kind: string, params: Record<string, unknown>) {
    // `r` acts only in an open project: after a reload, wait until it has opened again
    await expect(this.page.getByTestId('project-name')).toBeVisible();
    await this.page.locator('body').press('r');
    const dialog = this.page.getByRole('dialog', { name: 'Run a job' });
    await expect(dialog.getByRole('option', { name: kind, exact: true })).toBeAttached();
    await dialog.getByLabel('Kind').selectOption(kind);
    // every parameter as JSON, under "Advanced" (the form's fields, left empty, take their values from it)
    await dialog.getByText('Advanced: more parameters as JSON').click();
    await dialog.getByLabel(/Parameters/).fill(JSON.stringify(params));
    await dialog.getByRole('button', { name: 'Start' }).click();
    await expect(dialog).toBeHidden();
  }
}

export class Job {
  constructor(readonly root: Locator) {}

  readonly state = () => this.root.getByTestId('job-state');
  readonly percent = () => this.root.getByTestId('job-percent');
  readonly detail = () => this.root.getByTestId('job-detail');
  readonly progressbar = () => this.root.getByRole('progressbar');

  async progressValue(): Promise<number> {
    return Number(await this.progressbar().getAttribute('aria-valuenow'));
  }

  async cancel() {
    await this.root.getByRole('button', { name: 'Cancel' }).click();
  }
}
