import { promises as fs } from 'node:fs';
import path from 'node:path';
import { importOthelloCsv } from '../../games/othello';
import { extractOthelloActivations } from '../../games/lm/extract';
import { TranscriptModel } from '../../games/lm/model';
import { Project } from '../../project/project';
import { datasetDir } from '../../project/layout';
import { saveSaeLens } from '../../sae/checkpoint/saelens';
import { randomSae } from '../../sae/checkpoint/testSae';
import { runDir, writeRunInfo } from '../../sae/run/folder';

/** Real Othello tournament games (WTHOR sample; see /work/shared/data/othello/SOURCES.md). */
export const WTHOR_SAMPLE = '/work/shared/data/othello/wthor_sample_5000.csv';

export interface SeedOptions {
  /** WTHOR games whose positions become the dataset's rows (59 a game) */
  games: number;
  /** the run's dictionary width */
  features: number;
  seed?: number;
  /** the run's name (default "TopK random") */
  runName?: string;
}

/**
 * A closed project holding an Othello dataset and one SAE run on it, for the explorer's tests:
 * residual activations of a small randomly initialised transcript model over real games,
 * with the board labels the extraction writes, and a random TopK SAE saved as a run folder.
 */
export async function seedExplorerProject(dir: string, opts: SeedOptions): Promise<{ datasetId: string; runId: string }> {
  const seed = opts.seed ?? 0;
  const text = (await fs.readFile(WTHOR_SAMPLE, 'utf8')).split('\n').slice(0, opts.games + 1).join('\n');
  const { games } = importOthelloCsv(text, path.basename(WTHOR_SAMPLE));
  const d = 16;
  const model = TranscriptModel.init({ game: 'othello', seed, gpt: { vocab: 61, context: 59, d, heads: 2, layers: 2 } });
  const project = await Project.create(dir, 'Explorer');
  try {
    const datasetId = 'othello-resid';
    const meta = await extractOthelloActivations({ model, games, layer: 1, datasetDir: datasetDir(project.dir, datasetId), id: datasetId, name: 'Othello resid_post layer 1', threads: 1 });
    const runId = 'topk-random';
    const runName = opts.runName ?? 'TopK random';
    const sae = randomSae('topk', d, opts.features, seed + 1);
    sae.k = 8;
    const folder = runDir(project.dir, runId);
    await saveSaeLens(folder, sae);
    const now = new Date().toISOString();
    await writeRunInfo(folder, { id: runId, name: runName, createdAt: now, origin: 'imported', datasetId, arch: 'topk', saved: 'topk', dIn: d, dSae: opts.features, steps: 0, config: null, final: null, evaluated: false });
    await project.update((m) => {
      m.datasets.push({ id: datasetId, name: meta.name, createdAt: now });
      m.runs.push({ id: runId, name: runName, createdAt: now });
    });
    return { datasetId, runId };
  } finally {
    await project.close();
  }
}
