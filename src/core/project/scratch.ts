import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * Where the studio keeps what it computes for a project it may not write (opened read-only
 * because another studio holds its lock): `<home>/scratch/<hash of the project's path>`.
 * Only derived data goes here (the feature explorer's caches), never a project's own files,
 * so losing it costs a recomputation.
 */
export function projectScratchDir(home: string, projectDir: string): string {
  const id = createHash('sha256').update(path.resolve(projectDir)).digest('hex').slice(0, 16);
  return path.join(home, 'scratch', id);
}

/** A read-only project's counterpart of a run folder, inside its scratch folder. */
export const scratchRunDir = (scratch: string, runId: string): string => path.join(scratch, 'runs', runId);
