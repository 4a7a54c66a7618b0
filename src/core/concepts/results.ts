import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { ConceptResult } from '../../shared/schemas/concepts';
import { runDir } from '../sae/run/folder';

/** A run's concept results: runs/<id>/concepts/<set>.json, the latest per set. */
export const RESULT_DIR = 'concepts';
export const conceptResultFile = (projectDir: string, runId: string, setId: string): string => path.join(runDir(projectDir, runId), RESULT_DIR, `${setId}.json`);

/** The latest result of a set on a run, or null when none was computed. */
export async function readConceptResult(projectDir: string, runId: string, setId: string): Promise<ConceptResult | null> {
  const file = conceptResultFile(projectDir, runId, setId);
  const raw = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (raw === null) return null;
  const parsed = ConceptResult.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new StudioError('bad-file', `field "${parsed.error.issues[0].path.join('.')}": ${parsed.error.issues[0].message}`, file);
  return parsed.data;
}
