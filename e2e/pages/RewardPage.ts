import type { Locator, Page } from '@playwright/test';

/** The Reward model screen: training form, accuracy table, pair viewer, shift editor. */
export class RewardPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Reward model' }).click();
  }

  root(): Locator {
    return this.page.getByTestId('reward');
  }

  async train(pairs: string, states: string, options: { width: number; k: number; steps: number }): Promise<void> {
    const form = this.page.getByTestId('reward-train');
    await form.locator('input[name="reward-pairs"]').fill(pairs);
    await form.locator('input[name="reward-states"]').fill(states);
    await form.locator('input[name="reward-width"]').fill(String(options.width));
    await form.locator('input[name="reward-k"]').fill(String(options.k));
    await form.locator('input[name="reward-steps"]').fill(String(options.steps));
    await form.getByRole('button', { name: 'Train' }).click();
  }

  /** the screen's newest training job: progress, Cancel, and why it failed */
  job(): Locator {
    return this.root().getByTestId('workspace-job');
  }

  accuracyRow(model: 'saeHead' | 'denseHead' | 'length' | 'topkHead'): Locator {
    return this.page.getByTestId(`reward-row-${model}`);
  }

  async openPair(pair: number): Promise<void> {
    await this.page.getByTestId(`reward-pair-${pair}`).click();
  }

  pairView(): Locator {
    return this.page.getByTestId('reward-pair-view');
  }

  async shift(targetCategory: string, edits?: string): Promise<void> {
    const form = this.page.getByTestId('reward-shift');
    await form.locator('select[name="reward-target-kind"]').selectOption('category');
    await form.locator('input[name="reward-target"]').fill(targetCategory);
    await form.getByRole('button', { name: 'Suggest features' }).click();
    if (edits) await form.locator('input[name="reward-edits"]').fill(edits);
    else await this.page.getByTestId('reward-candidates').waitFor();
    await form.getByRole('button', { name: 'Re-score' }).click();
  }

  candidates(): Locator {
    return this.page.getByTestId('reward-candidates');
  }

  /** opens a feature's card from the head's weight list (its n-th row) */
  async openWeightFeature(n: number): Promise<void> {
    await this.page.getByTestId('reward-weights').getByRole('row').nth(n + 1).getByRole('button').click();
  }

  featureCard(): Locator {
    return this.page.getByTestId('reward-feature');
  }

  /** the "nearly unchanged" verdict under the shift's table */
  complementRatio(): Locator {
    return this.page.getByTestId('reward-complement-ratio');
  }

  shiftResult(): Locator {
    return this.page.getByTestId('reward-shift-result');
  }

  /** runs the shift check on the fixed topic domains */
  async checkDomains(): Promise<void> {
    await this.page.getByTestId('reward-domains').getByRole('button', { name: 'Check the fixed domains' }).click();
    await this.page.getByTestId('reward-domains-table').waitFor();
  }

  domain(id: string): Locator {
    return this.page.getByTestId(`reward-domain-${id}`);
  }

  domainsVerdict(): Locator {
    return this.page.getByTestId('reward-domains-verdict');
  }
}
