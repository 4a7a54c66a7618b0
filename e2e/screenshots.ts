import type { Page } from '@playwright/test';
import path from 'node:path';

/** Screens the README shows, refreshed by every e2e run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  // passing notices would cover the screen they talk about
  const toasts = page.getByTestId('toast');
  while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: 'Dismiss' }).click();
  await page.screenshot({
    path: path.resolve('docs/screenshots', `${name}.png`),
    animations: 'disabled',
    fullPage: true,
  });
}
