import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { ConceptSet } from '../../shared/schemas/concepts';
import { ActivationStore } from '../data/store';
import { readDatasetTokens, type TokenTable } from '../data/tokens';
import { readExplorerLabels } from '../explorer/sources';
import type { BspFamily } from '../games/family';
import { familyCells } from '../games/family';

/**
 * The rows concepts are matched on: the dataset's held-out (validation) split, which the SAE
 * did not train on, up to `maxRows` from its start; the whole dataset when it has no such split.
 * Board families are cut to those rows, so row r of the codes is row r of every family.
 */
export interface HeldOutRows {
  x: Float32Array;
  /** the dataset row of each held-out row */
  rows: Uint32Array;
  families?: BspFamily[];
  tokens?: { table: TokenTable; rows: Uint32Array };
}

export async function readHeldOut(dir: string, dIn: number, maxRows: number, set: ConceptSet): Promise<HeldOutRows> {
  const store = await ActivationStore.open(dir);
  try {
    const name = path.basename(dir);
    if (store.dims !== dIn) throw new StudioError('shape', `the run reads ${dIn} dims but dataset "${name}" has ${store.dims}`, 'datasetId');
    let [lo, hi] = store.splitRange('validation');
    if (hi <= lo) [lo, hi] = [0, store.rows];
    const n = Math.min(maxRows, hi - lo);
    const rows = Uint32Array.from({ length: n }, (_, i) => lo + i);
    const out: HeldOutRows = { x: await store.readRows(lo, n), rows };
    if (set.domain === 'board') {
      const labels = await readExplorerLabels(dir);
      if (!labels) throw new StudioError('bad-input', `dataset "${name}" has no board-state labels, so board concepts cannot be matched on it; pick a text concept set or an extracted game dataset`, 'setId');
      out.families = labels.families.map((f) => ({ ...f, data: f.data.subarray(lo * familyCells(f), (lo + n) * familyCells(f)) }));
    } else {
      const table = await readDatasetTokens(dir, store.rows);
      if (!table) throw new StudioError('bad-input', `dataset "${name}" has no token sidecar (tokens.json), so text concepts cannot be matched on it`, 'setId');
      out.tokens = { table, rows };
    }
    return out;
  } finally {
    await store.close();
  }
}
