import type { Locator, Page } from '@playwright/test';

/** The Authorship screen: the three systems' table, faithfulness, pair viewer, Federalist table. */
export class AuthorshipPage {
  constructor(private readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Project' }).getByRole('link', { name: 'Authorship' }).click();
  }

  root(): Locator {
    return this.page.getByTestId('authorship');
  }

  systemRow(system: 'interpretable' | 'residualized' | 'neuralOnly'): Locator {
    return this.page.getByTestId(`authorship-row-${system}`);
  }

  icHistogram(): Locator {
    return this.page.getByTestId('ic-histogram');
  }

  pairButtons(): Locator {
    return this.page.getByTestId('authorship-pairs').getByRole('listitem').getByRole('button');
  }

  pairView(): Locator {
    return this.page.getByTestId('authorship-pair-view');
  }

  /** highlighted evidence spans in text a or b of the open pair */
  evidence(side: 'a' | 'b'): Locator {
    return this.page.getByTestId(`authorship-text-${side}`).getByTestId('evidence');
  }

  async exportReport(): Promise<void> {
    await this.page.getByTestId('authorship-export').click();
  }

  report(): Locator {
    return this.page.getByTestId('authorship-report');
  }
}
