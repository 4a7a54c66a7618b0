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
  // A window as tall as the page, rather than a full-page capture: the sticky header would
  // otherwise be stitched into the middle of a long screen.
  const viewport = page.viewportSize()!;
  type Doc = { document: { documentElement: { scrollHeight: number } } };
  const height = await page.evaluate(() => (globalThis as unknown as Doc).document.documentElement.scrollHeight);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height) });
  await page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), animations: 'disabled' });
  await page.setViewportSize(viewport);
}
