import type { Page } from '@playwright/test';
import path from 'node:path';

/**
 * Screens the README shows, written only when SCREENSHOTS=1 so an ordinary test run leaves
 * the tracked images alone (`SCREENSHOTS=1 npx playwright test` refreshes them).
 */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  // passing notices would cover the screen they talk about
  const toasts = page.getByTestId('toast');
  while ((await toasts.count()) > 0) await toasts.first().getByRole('button', { name: 'Dismiss' }).click();
  await page.screenshot({
    path: path.resolve('docs/screenshots', `${name}.png`),
    animations: 'disabled',
    fullPage: true,
  });
}
