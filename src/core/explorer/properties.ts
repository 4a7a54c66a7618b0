import type { BspFamily } from '../games/family';
import { familyCells } from '../games/family';
import { type SparseActivations, THRESHOLDS } from '../evals/board';
import { aliveFeatures, featureMaxima } from '../evals/board/activations';
import { batchCounts, batchTops, cellTotals, f1Score, positiveCells, precision } from '../evals/board/counts';
import { N_THRESHOLDS, thresholdTable } from '../evals/board/thresholds';

/** One board-state property (a family's cell and class) as a feature classifies it. */
export interface PropertyScore {
  family: string;
  /** index into the family's rows × cols × classes cells */
  cell: number;
  /** the threshold t (φ = f > t·a_max) the score is taken at */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** Features per batch: the counts of a batch are batch × 11 × cells integers. */
const FEATURE_BATCH = 256;

/**
 * For every feature, the board-state properties it classifies best: features read as
 * classifiers φ_{i,t} exactly as the board benchmark reads them (ALGORITHMS-DETAIL §1.3; the
 * counts come from evals/board), scored by F1 at each of the 11 thresholds, and the `keep`
 * best (property, threshold) pairs kept, one per property. A feature that never fires has none.
 * `onFeatures` hears how many of the families × features have been scored (features that never
 * fire count as scored at once).
 */
export function bestProperties(acts: SparseActivations, families: readonly BspFamily[], rows: Uint32Array, keep = 5, onFeatures?: (done: number) => void): PropertyScore[][] {
  const out: PropertyScore[][] = Array.from({ length: acts.features }, () => []);
  if (families.length === 0 || rows.length === 0) return out;
  const maxima = featureMaxima(acts, rows);
  const alive = aliveFeatures(acts.features, maxima.alive, thresholdTable(maxima.aMax, maxima.alive));
  const dead = acts.features - alive.ids.length;
  families.forEach((fam, f) => {
    const cells = familyCells(fam);
    const pos = positiveCells(fam, rows);
    const all = cellTotals(pos, cells);
    for (let from = 0; from < alive.ids.length; from += FEATURE_BATCH) {
      const to = Math.min(alive.ids.length, from + FEATURE_BATCH);
      const counts = batchCounts(batchTops(acts, rows, alive, from, to), to - from, pos, cells);
      for (let b = 0; b < to - from; b++) {
        const best = out[alive.ids[from + b]];
        for (let g = 0; g < cells; g++) {
          if (all[g] === 0) continue;
          let top: PropertyScore | null = null;
          for (let k = 0; k < N_THRESHOLDS; k++) {
            const on = counts.onCount[b * N_THRESHOLDS + k];
            const tp = counts.on[(b * N_THRESHOLDS + k) * cells + g];
            if (tp === 0) continue;
            const f1 = f1Score(tp, on - tp, all[g] - tp);
            if (!top || f1 > top.f1) top = { family: fam.name, cell: g, threshold: THRESHOLDS[k], precision: precision(tp, on - tp), recall: tp / all[g], f1 };
          }
          if (top) insertBest(best, top, keep);
        }
      }
      onFeatures?.(f * acts.features + dead + to);
    }
  });
  return out;
}

function insertBest(list: PropertyScore[], score: PropertyScore, keep: number): void {
  if (list.length === keep && list[keep - 1].f1 >= score.f1) return;
  let i = list.length;
  while (i > 0 && list[i - 1].f1 < score.f1) i--;
  list.splice(i, 0, score);
  if (list.length > keep) list.pop();
}
