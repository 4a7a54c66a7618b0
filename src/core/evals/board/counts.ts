/**
 * Train-split counts (ALGORITHMS-DETAIL §1.3): on_count[t,i] = positions where φ_{i,t} = 1,
 * on[t,i,g] = those where also BSP cell g = 1, all[g] = positions where g = 1. Computed for a
 * batch of features at a time so memory stays at batch × 11 × cells, as the reference batches
 * features.
 */
import type { BspFamily } from '../../games/family';
import { familyCells } from '../../games/family';
import { type AliveFeatures, type FeatureActivations, rowTops } from './activations';
import { N_THRESHOLDS } from './thresholds';

/** The positive cells of each listed row of a family (CSR: row r's cells are cells[start[r]..start[r+1])). */
export interface PositiveCells {
  start: Uint32Array;
  cells: Uint32Array;
}

export function positiveCells(family: BspFamily, rows: Uint32Array): PositiveCells {
  const G = familyCells(family);
  const start = new Uint32Array(rows.length + 1);
  const cells: number[] = [];
  rows.forEach((row, r) => {
    const base = row * G;
    for (let g = 0; g < G; g++) if (family.data[base + g]) cells.push(g);
    start[r + 1] = cells.length;
  });
  return { start, cells: Uint32Array.from(cells) };
}

/** all[g]: how many of the rows have cell g positive. */
export function cellTotals(pos: PositiveCells, cells: number): Uint32Array {
  const all = new Uint32Array(cells);
  for (const g of pos.cells) all[g]++;
  return all;
}

/** Top threshold index (−1 = silent) of alive features from..to−1 at each row: (to − from) × rows, feature-major. */
export function batchTops(acts: FeatureActivations, rows: Uint32Array, alive: AliveFeatures, from: number, to: number): Int8Array {
  const n = rows.length;
  const tops = new Int8Array((to - from) * n);
  for (let r = 0; r < n; r++) rowTops(acts, rows[r], alive, from, to, tops, r, n);
  return tops;
}

export interface BatchCounts {
  /** batch × 11 × cells: TP of φ_{i,t} for cell g */
  on: Uint32Array;
  /** batch × 11 */
  onCount: Uint32Array;
}

export function batchCounts(tops: Int8Array, batch: number, pos: PositiveCells, cells: number): BatchCounts {
  const n = pos.start.length - 1;
  const on = new Uint32Array(batch * N_THRESHOLDS * cells);
  const onCount = new Uint32Array(batch * N_THRESHOLDS);
  // Count each firing at its top index only, then sum downwards: φ at t implies φ at every t' < t.
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < n; r++) {
      const k = tops[b * n + r];
      if (k < 0) continue;
      onCount[b * N_THRESHOLDS + k]++;
      const base = (b * N_THRESHOLDS + k) * cells;
      for (let c = pos.start[r]; c < pos.start[r + 1]; c++) on[base + pos.cells[c]]++;
    }
    for (let k = N_THRESHOLDS - 2; k >= 0; k--) {
      onCount[b * N_THRESHOLDS + k] += onCount[b * N_THRESHOLDS + k + 1];
      const lo = (b * N_THRESHOLDS + k) * cells;
      for (let g = 0; g < cells; g++) on[lo + g] += on[lo + cells + g];
    }
  }
  return { on, onCount };
}

const EPS = 1e-8;

/** F1 with the reference's epsilons (§1.3). */
export function f1Score(tp: number, fp: number, fn: number): number {
  const p = tp / (tp + fp + EPS);
  const r = tp / (tp + fn + EPS);
  return (2 * p * r) / (p + r + EPS);
}

export function precision(tp: number, fp: number): number {
  return tp / (tp + fp + EPS);
}
