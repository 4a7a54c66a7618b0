import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { LABELS_INDEX_FILE } from '../games/lm/extract';
import { readBoardLabels } from '../games/lm/labelled-dataset';
import { datasetDir } from '../project/layout';
import { runDir } from '../sae/run/folder';
import { checkpointFingerprint, type ExplorerCacheKey } from './cache';
import type { ExplorerLabels } from './explorer';

/** The key of the explorer's cache for a run on a dataset's first `maxRows` rows, as things stand on disk now. */
export async function explorerCacheKey(projectDir: string, runId: string, datasetId: string, maxRows: number): Promise<ExplorerCacheKey> {
  const store = await ActivationStore.open(datasetDir(projectDir, datasetId));
  const dataset = store.meta.createdAt;
  await store.close();
  return { runId, datasetId, maxRows, checkpoint: await checkpointFingerprint(runDir(projectDir, runId)), dataset };
}

/** The first `rows` rows of a dataset, checked against the SAE's input width. */
export async function readExploredRows(dir: string, dIn: number, maxRows: number): Promise<{ x: Float32Array; rows: number }> {
  const store = await ActivationStore.open(dir);
  try {
    if (store.dims !== dIn) throw new StudioError('shape', `the run reads ${dIn} dims but dataset "${path.basename(dir)}" has ${store.dims}`, 'datasetId');
    const rows = Math.min(maxRows, store.rows);
    return { x: await store.readRows(0, rows), rows };
  } finally {
    await store.close();
  }
}

/** The board-state labels of a dataset made by an extraction; undefined for other datasets. */
export async function readExplorerLabels(dir: string): Promise<ExplorerLabels | undefined> {
  const present = await fs.stat(path.join(dir, LABELS_INDEX_FILE)).then(() => true, () => false);
  return present ? readBoardLabels(dir) : undefined;
}
