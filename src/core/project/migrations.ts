import { SCHEMA_VERSION } from '../../shared/schemas/project';
import { StudioError } from '../../shared/errors';

/** Turns a manifest of version `n` into one of version `n + 1`. */
export type Migration = (manifest: Record<string, unknown>) => Record<string, unknown>;

/**
 * One entry per schema change, keyed by the version it upgrades from; a change adds
 * `n: (m) => ({ ...m, schemaVersion: n + 1, … })` here and bumps SCHEMA_VERSION.
 */
export const manifestMigrations: Readonly<Record<number, Migration>> = {
  // 1 → 2: projects list text corpora. The bump keeps an older studio from opening a project
  // with corpora and dropping them from studio.json on its next write.
  1: (m) => ({ ...m, schemaVersion: 2, corpora: [] }),
};

/** Applies migrations until the manifest reaches SCHEMA_VERSION; `file` names it in errors. */
export function migrateManifest(
  raw: Record<string, unknown>,
  file: string,
  registry: Readonly<Record<number, Migration>> = manifestMigrations,
  target: number = SCHEMA_VERSION,
): Record<string, unknown> {
  let manifest = raw;
  const found = manifest.schemaVersion;
  if (typeof found !== 'number' || !Number.isInteger(found) || found < 0) {
    throw new StudioError('bad-file', `schemaVersion must be a non-negative integer, found ${JSON.stringify(found)}`, file);
  }
  let version = found;
  if (version > target) {
    throw new StudioError('unsupported', `the project was written by a newer Feature Studio (schemaVersion ${version}; this version reads up to ${target})`, file);
  }
  while (version < target) {
    const step = registry[version];
    if (!step) throw new StudioError('unsupported', `no migration from schemaVersion ${version}`, file);
    manifest = step(manifest);
    if (manifest.schemaVersion !== version + 1) {
      throw new StudioError('internal', `migration from schemaVersion ${version} produced ${String(manifest.schemaVersion)}`, file);
    }
    version = version + 1;
  }
  return manifest;
}
