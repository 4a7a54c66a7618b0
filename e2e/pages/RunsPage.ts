import { expect, type Locator, type Page } from '@playwright/test';

export class RunsPage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('runs');
  readonly form = () => this.page.getByTestId('new-run');
  readonly list = () => this.page.getByTestId('run-list');
  readonly estimate = () => this.form().getByTestId('estimate');
  readonly fieldErrors = () => this.form().getByTestId('field-error');

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Runs' }).click();
    await expect(this.root()).toBeVisible();
    // the form is built from the architecture registry once it has loaded
    await expect(this.field('width')).toBeVisible();
  }

  /** A field of the form by its config name (width, steps, k, logEvery…). */
  field(name: string): Locator {
    return this.form().locator(`[data-field="${name}"]`).locator('input, select');
  }

  /** Fills fields by config name; "More settings" is opened when a field sits there. */
  async fill(values: Record<string, string | number>) {
    for (const [name, value] of Object.entries(values)) {
      const field = this.field(name);
      if (!(await field.isVisible())) await this.form().getByText('More settings').click();
      await field.fill(String(value));
    }
  }

  async train() {
    await this.form().getByRole('button', { name: /^Train/ }).click();
  }

  /** The newest live-training card. */
  live(): LiveTraining {
    return new LiveTraining(this.page.getByTestId('live-training').first());
  }

  runRow(nameOrId: string | RegExp): Locator {
    return this.list().getByRole('row').filter({ hasText: nameOrId });
  }
}

/** The step count a "cancelled at step s / N" badge names. */
export async function cancelledStep(badge: Locator): Promise<number> {
  const m = /cancelled at step ([\d,]+) \//.exec((await badge.textContent()) ?? '');
  if (!m) throw new Error(`not a cancelled badge: ${await badge.textContent()}`);
  return Number(m[1].replace(/,/g, ''));
}

export class LiveTraining {
  constructor(readonly root: Locator) {}

  readonly state = () => this.root.getByTestId('job-state');
  readonly detail = () => this.root.getByTestId('job-detail');
  readonly provider = () => this.root.getByTestId('provider');
  /** "cancelled at step s / N" on a cancelled job's card, beside its "Continue to N steps" */
  readonly cancelledBadge = () => this.root.getByTestId('cancelled-badge');

  async progressValue(): Promise<number> {
    return Number(await this.root.getByRole('progressbar').getAttribute('aria-valuenow'));
  }

  /** Points drawn on one curve family's chart (the chart element carries the count). */
  async points(family: 'loss' | 'l0' | 'fidelity'): Promise<number> {
    return Number(await this.root.getByTestId(`curve-${family}`).getAttribute('data-points'));
  }

  async cancel() {
    await this.root.getByRole('button', { name: 'Cancel' }).click();
  }
}
