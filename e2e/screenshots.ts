import type { Page } from '@playwright/test';
import path from 'node:path';

/** Screens the README shows, refreshed by every e2e run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.resolve('docs/screenshots', `${name}.png`), animations: 'disabled' });
}
