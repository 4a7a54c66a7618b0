import { expect, type Page } from '@playwright/test';

export class ComparePage {
  constructor(readonly page: Page) {}

  readonly root = () => this.page.getByTestId('compare');
  readonly table = () => this.root().getByTestId('compare-table');
  readonly bodyRows = () => this.table().locator('tbody tr');
  readonly shownCount = () => this.root().getByTestId('shown-count');
  readonly pareto = () => this.root().getByTestId('pareto').locator('[aria-label]').first();
  readonly coverage = () => this.root().getByTestId('coverage-vs-l0').locator('[aria-label]').first();
  /** "Scoring k of n runs…" while the runs are measured */
  readonly scoring = () => this.root().getByTestId('scoring');
  readonly coverageEmpty = () => this.root().getByTestId('coverage-empty');
  readonly matched = () => this.root().getByTestId('matched-l0');
  row(name: string) {
    return this.bodyRows().filter({ has: this.page.locator('td').first().filter({ hasText: name }) });
  }

  async showReferences(on: boolean) {
    await this.root().getByRole('checkbox', { name: 'Baselines and control' }).setChecked(on);
  }

  async tab(name: string) {
    await this.root().getByRole('tab', { name }).click();
  }

  async open() {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Compare' }).click();
    await expect(this.root()).toBeVisible();
  }

  async filter(name: 'Architecture' | 'Whitening' | 'Width', value: string) {
    await this.root().getByLabel(name).selectOption(value);
  }

  async sortBy(column: string) {
    await this.table().getByRole('button', { name: column, exact: false }).first().click();
  }

  /** Clicks "Export CSV" and returns the downloaded text. */
  async exportCsv(): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root().getByRole('button', { name: 'Export CSV' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }

  /** The cells of the table's body as text, row by row. */
  async cells(): Promise<string[][]> {
    // the e2e project compiles without the DOM library: the row's shape is spelled out
    type Row = { querySelectorAll(selector: string): ArrayLike<{ textContent: string | null }> };
    return this.bodyRows().evaluateAll((rows) => rows.map((r) => Array.from((r as unknown as Row).querySelectorAll('td'), (td) => td.textContent!.trim())));
  }
}
