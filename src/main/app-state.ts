import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../core/io/atomic';

/** What the desktop app remembers between launches (in its userData folder). */
export const AppState = z.object({
  window: z.object({ width: z.number().int().min(400), height: z.number().int().min(300), maximized: z.boolean() }).default({ width: 1280, height: 820, maximized: false }),
  /** reopened at launch when it still exists */
  lastProject: z.string().nullable().default(null),
});
export type AppState = z.infer<typeof AppState>;

const FILE = 'app-state.json';

/** A missing or unreadable state file means defaults: it is a convenience, never a blocker. */
export async function loadAppState(userData: string): Promise<AppState> {
  try {
    return AppState.parse(JSON.parse(await fs.readFile(path.join(userData, FILE), 'utf8')));
  } catch {
    return AppState.parse({});
  }
}

export async function saveAppState(userData: string, state: AppState): Promise<void> {
  await writeJsonAtomic(path.join(userData, FILE), state);
}
