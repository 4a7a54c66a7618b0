import { expect, type Page } from '@playwright/test';
import { ComparePage } from './ComparePage';

/** Compare's "Match features" tab: two runs, their MMCS, the histogram and the table of pairs. */
export class MatchTab {
  readonly compare: ComparePage;
  constructor(readonly page: Page) {
    this.compare = new ComparePage(page);
  }

  readonly root = () => this.page.getByTestId('match');
  readonly summary = () => this.root().getByTestId('match-summary');
  readonly histogram = () => this.root().getByTestId('match-histogram').locator('[aria-label]').first();
  readonly table = () => this.root().getByTestId('match-table');
  readonly bodyRows = () => this.table().locator('tbody tr');
  readonly count = () => this.root().getByTestId('match-count');

  async open() {
    await this.compare.open();
    await this.compare.tab('Match features');
    await expect(this.root()).toBeVisible();
  }

  async match(a: string, b: string) {
    await this.root().getByLabel('Run A').selectOption({ label: a });
    await this.root().getByLabel('Run B').selectOption({ label: b });
    await this.root().getByRole('button', { name: 'Match features' }).click();
    await expect(this.summary()).toBeVisible({ timeout: 30_000 });
  }

  async sortBy(key: string) {
    await this.table().locator(`button[data-sort="${key}"]`).click();
  }

  async show(what: 'all features' | 'assigned pairs' | 'unassigned features') {
    await this.root().getByLabel('Show').selectOption({ label: what });
  }

  /** the first column's cells of the rows shown, as numbers (NaN for an empty side) */
  async column(i: number): Promise<number[]> {
    return (await this.bodyRows().locator(`td:nth-child(${i + 1})`).allTextContents()).map((t) => (t.trim() === '—' ? NaN : Number(t.trim())));
  }

  /** Clicks "Export CSV" and returns the downloaded file's name and text. */
  async exportCsv(): Promise<{ name: string; text: string }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.root().getByRole('button', { name: 'Export CSV' }).click()]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}
