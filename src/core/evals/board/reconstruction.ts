/**
 * Board reconstruction (ALGORITHMS-DETAIL §1.5; reference `circuits/analysis.py`,
 * `circuits/eval_board_reconstruction.py`).
 * 1. From train counts, cell g labels (t, i) when precision ≥ 0.95 and TP ≥ 10.
 * 2. On each test position and slot t = 0..9 the predicted board is the union of labels(t, i)
 *    over the features firing at t; slot 10 instead takes, for every firing feature, the labels
 *    of its highest firing threshold that has any.
 * 3. Cells are compared with the true board. Per-class F1 uses plain TP/FP/FN; per-square F1
 *    first removes from TP the squares that got both a true and a false class.
 * 4. The reported value is the per-class F1 at the slot (0..9) with the best per-square F1,
 *    with L0 (features firing per position) at that slot.
 */
import type { BspFamily } from '../../games/family';
import { familyCells } from '../../games/family';
import { type BatchCounts, f1Score, precision } from './counts';
import { argmax } from './coverage';
import { type AliveFeatures, type FeatureActivations, rowTops } from './activations';
import { N_THRESHOLDS } from './thresholds';

/** `analysis_high_threshold` and `analysis_significance_threshold` of the reference. */
export const LABEL_MIN_PRECISION = 0.95;
export const LABEL_MIN_TP = 10;

/** labels(t, j) for feature j (index into the alive list) are cells[start[j·11+t] .. start[j·11+t+1]). */
export interface FeatureLabels {
  start: Uint32Array;
  cells: Uint32Array;
}

/**
 * Whether TP of `onCount` firings reaches LABEL_MIN_PRECISION. `exact` compares the fraction
 * itself, so 19/20 labels (precision 0.95 is ≥ 0.95). `float32` is the reference's arithmetic,
 * `on · (1/on_count) ≥ 0.95` in float32 tensors, where 19·fp32(1/20) rounds above fp32(0.95)
 * and so also labels 19/20, while other borderline fractions fall either way.
 */
export type LabelPrecisionRule = 'exact' | 'float32';

export function reachesLabelPrecision(tp: number, onCount: number, rule: LabelPrecisionRule = 'exact'): boolean {
  if (onCount <= 0) return false;
  if (rule === 'float32') return Math.fround(tp * Math.fround(1 / onCount)) >= Math.fround(LABEL_MIN_PRECISION);
  // 0.95 = 19/20: integer arithmetic, no rounding
  return 20 * tp >= 19 * onCount;
}

export class LabelCollector {
  private readonly start: number[] = [0];
  private readonly cells: number[] = [];

  constructor(private readonly cellCount: number, private readonly rule: LabelPrecisionRule = 'exact') {}

  /** Batches must arrive in feature order. */
  add(counts: BatchCounts, batch: number): void {
    const G = this.cellCount;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < N_THRESHOLDS; t++) {
        const onCount = counts.onCount[b * N_THRESHOLDS + t];
        const base = (b * N_THRESHOLDS + t) * G;
        if (onCount >= LABEL_MIN_TP) {
          for (let g = 0; g < G; g++) {
            const tp = counts.on[base + g];
            if (tp >= LABEL_MIN_TP && reachesLabelPrecision(tp, onCount, this.rule)) this.cells.push(g);
          }
        }
        this.start.push(this.cells.length);
      }
    }
  }

  finish(): FeatureLabels {
    return { start: Uint32Array.from(this.start), cells: Uint32Array.from(this.cells) };
  }
}

export interface SlotResult {
  tp: number;
  fp: number;
  fn: number;
  /** squares that got both a true and a false class */
  tfSquares: number;
  precisionPerClass: number;
  recallPerClass: number;
  f1PerClass: number;
  precisionPerSquare: number;
  recallPerSquare: number;
  f1PerSquare: number;
}

export interface ReconstructionResult {
  /** t = 0, 0.1, …, 0.9, then the highest-threshold slot */
  slots: SlotResult[];
  bestIdx: number;
  /** the headline: per-class F1 at bestIdx */
  f1PerClass: number;
  f1PerSquare: number;
  /** features firing per test position at bestIdx */
  l0: number;
  /** alive features with at least one label at some threshold */
  labelledFeatures: number;
}

interface SlotTally {
  tp: Float64Array;
  fp: Float64Array;
  fn: Float64Array;
  tf: Float64Array;
}

/**
 * Runs the test pass for several families at once (the feature top indices are shared).
 * Returns one result per family and the mean number of features firing at each slot.
 */
export function reconstructBoards(
  acts: FeatureActivations,
  testRows: Uint32Array,
  alive: AliveFeatures,
  families: readonly BspFamily[],
  labels: readonly FeatureLabels[],
): { results: ReconstructionResult[]; l0PerSlot: number[] } {
  const nAlive = alive.ids.length;
  const tops = new Int8Array(nAlive);
  const l0Hist = new Float64Array(N_THRESHOLDS);
  const tallies: SlotTally[] = families.map(() => ({
    tp: new Float64Array(N_THRESHOLDS),
    fp: new Float64Array(N_THRESHOLDS),
    fn: new Float64Array(N_THRESHOLDS),
    tf: new Float64Array(N_THRESHOLDS),
  }));
  // Only features with a label can change a predicted board.
  const labelled = labels.map((lab) => {
    const list: number[] = [];
    for (let j = 0; j < nAlive; j++) if (lab.start[j * N_THRESHOLDS + N_THRESHOLDS] > lab.start[j * N_THRESHOLDS]) list.push(j);
    return list;
  });
  const predicted = families.map((fam) => new Uint8Array(N_THRESHOLDS * familyCells(fam)));

  for (const row of testRows) {
    rowTops(acts, row, alive, 0, nAlive, tops, 0, 1);
    for (let j = 0; j < nAlive; j++) if (tops[j] >= 0) l0Hist[tops[j]]++;
    families.forEach((fam, f) => {
      const G = familyCells(fam);
      const pred = predicted[f];
      pred.fill(0);
      const { start, cells } = labels[f];
      for (const j of labelled[f]) {
        const k = tops[j];
        if (k < 0) continue;
        const lo = j * N_THRESHOLDS;
        for (let t = 0; t <= Math.min(k, N_THRESHOLDS - 2); t++) {
          for (let c = start[lo + t]; c < start[lo + t + 1]; c++) pred[t * G + cells[c]] = 1;
        }
        let h = k;
        while (h > 0 && start[lo + h + 1] === start[lo + h]) h--;
        const last = (N_THRESHOLDS - 1) * G;
        for (let c = start[lo + h]; c < start[lo + h + 1]; c++) pred[last + cells[c]] = 1;
      }
      compareBoards(pred, fam.data, row * G, fam, tallies[f]);
    });
  }

  // A feature firing at its top index k fires at every lower index.
  for (let k = N_THRESHOLDS - 2; k >= 0; k--) l0Hist[k] += l0Hist[k + 1];
  const n = Math.max(testRows.length, 1);
  const l0PerSlot = Array.from(l0Hist, (v) => v / n);
  const results = tallies.map((tally, f) => summarise(tally, l0PerSlot, labelled[f].length));
  return { results, l0PerSlot };
}

function compareBoards(pred: Uint8Array, truth: Uint8Array, offset: number, fam: BspFamily, tally: SlotTally): void {
  const C = fam.classes;
  const G = familyCells(fam);
  for (let t = 0; t < N_THRESHOLDS; t++) {
    const p = t * G;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let tf = 0;
    for (let sq = 0; sq < fam.rows * fam.cols; sq++) {
      let sqTp = 0;
      let sqFp = 0;
      for (let c = sq * C; c < sq * C + C; c++) {
        const y = truth[offset + c];
        const yhat = pred[p + c];
        if (yhat && y) sqTp++;
        else if (yhat) sqFp++;
        else if (y) fn++;
      }
      tp += sqTp;
      fp += sqFp;
      // The reference counts squares with exactly one TP and one FP; with one true class per
      // square this differs only when two false classes are predicted, which are counted here too.
      if (sqTp > 0 && sqFp > 0) tf++;
    }
    tally.tp[t] += tp;
    tally.fp[t] += fp;
    tally.fn[t] += fn;
    tally.tf[t] += tf;
  }
}

function summarise(tally: SlotTally, l0PerSlot: number[], labelledFeatures: number): ReconstructionResult {
  const slots: SlotResult[] = [];
  for (let t = 0; t < N_THRESHOLDS; t++) {
    const tp = tally.tp[t];
    const fp = tally.fp[t];
    const fn = tally.fn[t];
    const tpSq = tp - tally.tf[t];
    slots.push({
      tp,
      fp,
      fn,
      tfSquares: tally.tf[t],
      precisionPerClass: precision(tp, fp),
      recallPerClass: precision(tp, fn),
      f1PerClass: f1Score(tp, fp, fn),
      precisionPerSquare: precision(tpSq, fp),
      recallPerSquare: precision(tpSq, fn),
      f1PerSquare: f1Score(tpSq, fp, fn),
    });
  }
  const bestIdx = argmax(slots.map((s) => s.f1PerSquare), N_THRESHOLDS - 1);
  return {
    slots,
    bestIdx,
    f1PerClass: slots[bestIdx].f1PerClass,
    f1PerSquare: slots[bestIdx].f1PerSquare,
    l0: l0PerSlot[bestIdx],
    labelledFeatures,
  };
}
