import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The studio's own folder, the one holding `resources/models`, found by walking up from this
 * module. A path written relative to one source file breaks once electron-vite bundles that
 * file into out/main/ (a different depth): the desktop app looked for the shipped models at
 * the file system's root. Walking up finds the folder from the sources (tsx, tests) and from
 * the bundles alike.
 */
export function appRoot(from: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(from));
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'resources', 'models'))) return dir;
    // not found: the sources' layout, so a missing file is reported at the path it should have
    if (path.dirname(dir) === dir) return path.resolve(start, '../../..');
  }
}

/** A file of the shared data sets kept beside the studio's folder (`../shared/data`). */
export const sharedDataFile = (...parts: string[]): string => path.join(appRoot(), '..', 'shared', 'data', ...parts);
