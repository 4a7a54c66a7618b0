import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { RecentProject } from '../../shared/schemas/project';
import { writeJsonAtomic } from '../io/atomic';

const RECENT_FILE = 'recent-projects.json';
const MAX_RECENT = 20;

/**
 * The recent-projects list in the studio home. It is a convenience: an unreadable list is
 * treated as empty (and rewritten on the next open) rather than blocking the app.
 */
export async function listRecent(home: string): Promise<RecentProject[]> {
  try {
    const parsed = z.array(RecentProject).safeParse(JSON.parse(await fs.readFile(path.join(home, RECENT_FILE), 'utf8')));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}

export async function rememberRecent(home: string, entry: RecentProject): Promise<RecentProject[]> {
  const list = [entry, ...(await listRecent(home)).filter((r) => r.dir !== entry.dir)].slice(0, MAX_RECENT);
  await writeJsonAtomic(path.join(home, RECENT_FILE), list);
  return list;
}
