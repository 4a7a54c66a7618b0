import { promises as fs } from 'node:fs';
import { ProjectManifest, SCHEMA_VERSION } from '../../shared/schemas/project';
import { StudioError } from '../../shared/errors';
import { writeJsonAtomic } from '../io/atomic';
import { manifestPath } from './layout';
import { migrateManifest, manifestMigrations, type Migration } from './migrations';

export interface LoadedManifest {
  manifest: ProjectManifest;
  /** the version found on disk, before migration */
  fromVersion: number;
}

/**
 * Reads and validates `studio.json`. Never writes: a truncated, corrupt or foreign file gives
 * a StudioError naming the file and what is wrong, and leaves the folder as it was.
 */
export async function readManifest(dir: string, registry: Readonly<Record<number, Migration>> = manifestMigrations): Promise<LoadedManifest> {
  const file = manifestPath(dir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new StudioError('not-found', 'no studio.json here: not a Feature Studio project folder', file);
    if (code === 'EISDIR') throw new StudioError('bad-file', 'studio.json is a folder, not a file', file);
    throw new StudioError('bad-file', `studio.json cannot be read: ${(err as Error).message}`, file);
  }
  if (text.trim() === '') throw new StudioError('bad-file', 'studio.json is empty (a truncated write?)', file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new StudioError('bad-file', `studio.json is not valid JSON (truncated or corrupt): ${(err as Error).message}`, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('schemaVersion' in raw)) {
    throw new StudioError('bad-file', 'studio.json is not a Feature Studio manifest (no schemaVersion)', file);
  }
  const fromVersion = (raw as { schemaVersion: unknown }).schemaVersion as number;
  const migrated = migrateManifest(raw as Record<string, unknown>, file, registry);
  const parsed = ProjectManifest.safeParse(migrated);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || '(root)';
    throw new StudioError('bad-file', `studio.json field "${field}": ${issue.message}`, `${file}#${field}`);
  }
  return { manifest: parsed.data, fromVersion };
}

export async function writeManifest(dir: string, manifest: ProjectManifest): Promise<void> {
  await writeJsonAtomic(manifestPath(dir), ProjectManifest.parse(manifest));
}

export function newManifest(name: string, now: string): ProjectManifest {
  return { schemaVersion: SCHEMA_VERSION, name, createdAt: now, updatedAt: now, datasets: [], runs: [], models: [], reports: [], corpora: [] };
}
