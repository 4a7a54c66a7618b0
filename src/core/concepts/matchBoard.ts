import type { BoardConcept, ConceptMatch } from '../../shared/schemas/concepts';
import type { SparseActivations } from '../evals/board';
import { aliveFeatures, featureMaxima } from '../evals/board/activations';
import { batchCounts, batchTops, cellTotals, f1Score, positiveCells, precision } from '../evals/board/counts';
import { N_THRESHOLDS, thresholdTable } from '../evals/board/thresholds';
import { type BspFamily, familyCells } from '../games/family';

/** Features per batch: the counts of a batch are batch × 11 × cells integers. */
const FEATURE_BATCH = 256;

export interface BoardMatching {
  matches: ConceptMatch[];
  /** concepts whose family the rows lack or whose cell is never on there */
  absent: string[];
}

/**
 * Features matched to board concepts by the benchmark's feature-as-classifier rule
 * (ALGORITHMS-DETAIL §1.3): feature i at threshold t fires when f_i > t·a_max,i; its F1 as a
 * classifier of the concept's cell is taken at each of the 11 thresholds, and the best one is
 * the match score. A pair matches when that F1 ≥ `threshold` (§11: a feature may match several
 * concepts). `onFeatures` hears features scored so far, summed over families.
 */
export function matchBoardConcepts(
  acts: SparseActivations, families: readonly BspFamily[], rows: Uint32Array, concepts: readonly BoardConcept[], threshold: number,
  onFeatures?: (done: number, total: number) => void,
): BoardMatching {
  const byFamily = new Map<string, BoardConcept[]>();
  for (const c of concepts) (byFamily.get(c.family) ?? byFamily.set(c.family, []).get(c.family)!).push(c);
  const used = families.filter((f) => byFamily.has(f.name));
  const absent = concepts.filter((c) => !used.some((f) => f.name === c.family && c.cell < familyCells(f))).map((c) => c.id);
  const matches: ConceptMatch[] = [];
  if (rows.length === 0 || used.length === 0) return { matches, absent: concepts.map((c) => c.id) };
  const maxima = featureMaxima(acts, rows);
  const alive = aliveFeatures(acts.features, maxima.alive, thresholdTable(maxima.aMax, maxima.alive));
  const total = used.length * alive.ids.length;
  used.forEach((fam, f) => {
    const cells = familyCells(fam);
    const pos = positiveCells(fam, rows);
    const all = cellTotals(pos, cells);
    const mine = byFamily.get(fam.name)!.filter((c) => c.cell < cells);
    for (const c of mine) if (all[c.cell] === 0) absent.push(c.id);
    const present = mine.filter((c) => all[c.cell] > 0);
    for (let from = 0; from < alive.ids.length; from += FEATURE_BATCH) {
      const to = Math.min(alive.ids.length, from + FEATURE_BATCH);
      const counts = batchCounts(batchTops(acts, rows, alive, from, to), to - from, pos, cells);
      for (let b = 0; b < to - from; b++) {
        for (const c of present) {
          let best: ConceptMatch | null = null;
          for (let k = 0; k < N_THRESHOLDS; k++) {
            const on = counts.onCount[b * N_THRESHOLDS + k];
            const tp = counts.on[(b * N_THRESHOLDS + k) * cells + c.cell];
            if (tp === 0) continue;
            const f1 = f1Score(tp, on - tp, all[c.cell] - tp);
            if (!best || f1 > best.score) best = { feature: alive.ids[from + b], concept: c.id, score: f1, precision: precision(tp, on - tp), recall: tp / all[c.cell] };
          }
          if (best && best.score >= threshold) matches.push(best);
        }
      }
      onFeatures?.(f * alive.ids.length + to, total);
    }
  });
  return { matches: matches.sort((a, b) => a.feature - b.feature || a.concept.localeCompare(b.concept)), absent };
}
