/**
 * Coverage (ALGORITHMS-DETAIL §1.4, reference `circuits/f1_analysis.py: best_f1_average`):
 * Cov_t = (1/|G|) Σ_g max_i F1(t, i, g) on the train split, Cov = max over t, so one threshold
 * is chosen per family. The paper's |G| counts every cell (less the masked channel when the
 * family names one), so cells that are never positive, and the Othello blank-mask family that
 * names no mask channel, cap the score below 1; the variant over cells with ≥ 1 positive is
 * reported beside it (§1.4 [studio]).
 *
 * Both reward a feature that fires on nearly every position: for a cell positive on a share p
 * of positions, the constant classifier "always on" has F1 = 2p/(1+p), which is 0.4–0.6 for
 * most Othello cells late in a game, so a dense dictionary (a random one, or the residual basis)
 * scores high without telling cells apart. The chance-corrected variant [studio] rescales each
 * cell's best F1 as a skill score against that constant classifier, (F1 − F1₀)/(1 − F1₀)
 * clipped at 0, in the manner of Cohen's κ, averaged over the cells that are positive on some
 * but not all train positions: 0 for "always on" or worse, 1 for a perfect classifier.
 */
import type { BspFamily } from '../../games/family';
import { familyCells } from '../../games/family';
import { type BatchCounts, f1Score } from './counts';
import { N_THRESHOLDS } from './thresholds';

export interface CoverageResult {
  /** paper-compatible Cov_t for t = 0, 0.1, …, 1.0 */
  perThreshold: number[];
  coverage: number;
  bestIdx: number;
  /** the denominator used above */
  cells: number;
  /** the same over the cells with at least one positive train position */
  perThresholdPositive: number[];
  coveragePositive: number;
  bestIdxPositive: number;
  positiveCells: number;
  /** chance-corrected Cov_t over the cells positive on some but not all train positions (see above) */
  perThresholdAboveChance: number[];
  coverageAboveChance: number;
  bestIdxAboveChance: number;
  /** the cells that variant averages over */
  chanceCells: number;
  /** the paper's coverage of one feature that fires on every position: the level a dense dictionary starts from */
  coverageAlwaysOn: number;
}

export class CoverageAccumulator {
  private readonly cells: number;
  /** 11 × cells: best F1 over the features seen so far */
  private readonly best: Float64Array;

  constructor(
    private readonly family: BspFamily,
    private readonly all: Uint32Array,
    /** train positions the counts are over */
    private readonly positions: number,
  ) {
    this.cells = familyCells(family);
    this.best = new Float64Array(N_THRESHOLDS * this.cells);
  }

  add(counts: BatchCounts, batch: number): void {
    const G = this.cells;
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < N_THRESHOLDS; t++) {
        const onCount = counts.onCount[b * N_THRESHOLDS + t];
        if (onCount === 0) continue;
        const base = (b * N_THRESHOLDS + t) * G;
        for (let g = 0; g < G; g++) {
          const tp = counts.on[base + g];
          if (tp === 0) continue;
          const f1 = f1Score(tp, onCount - tp, this.all[g] - tp);
          if (f1 > this.best[t * G + g]) this.best[t * G + g] = f1;
        }
      }
    }
  }

  result(): CoverageResult {
    const G = this.cells;
    const { rows, cols, classes, maskIdx } = this.family;
    const paperCells = rows * cols * (maskIdx === undefined ? classes : classes - 1);
    let positiveCells = 0;
    for (let g = 0; g < G; g++) if (this.all[g] > 0) positiveCells++;
    const perThreshold: number[] = [];
    const perThresholdPositive: number[] = [];
    for (let t = 0; t < N_THRESHOLDS; t++) {
      let sum = 0;
      for (let g = 0; g < G; g++) sum += this.best[t * G + g];
      perThreshold.push(sum / paperCells);
      perThresholdPositive.push(positiveCells > 0 ? sum / positiveCells : 0);
    }
    const bestIdx = argmax(perThreshold);
    const bestIdxPositive = argmax(perThresholdPositive);
    const chance = this.aboveChance();
    return {
      perThreshold,
      coverage: perThreshold[bestIdx],
      bestIdx,
      cells: paperCells,
      perThresholdPositive,
      coveragePositive: perThresholdPositive[bestIdxPositive],
      bestIdxPositive,
      positiveCells,
      ...chance,
    };
  }

  private aboveChance(): Pick<CoverageResult, 'perThresholdAboveChance' | 'coverageAboveChance' | 'bestIdxAboveChance' | 'chanceCells' | 'coverageAlwaysOn'> {
    const G = this.cells;
    const n = this.positions;
    const cells: number[] = [];
    for (let g = 0; g < G; g++) if (this.all[g] > 0 && this.all[g] < n) cells.push(g);
    // F1 of the classifier that fires on every train position, with the same epsilons as every other F1
    const f1Always = cells.map((g) => f1Score(this.all[g], n - this.all[g], 0));
    const perThresholdAboveChance: number[] = [];
    for (let t = 0; t < N_THRESHOLDS; t++) {
      let sum = 0;
      cells.forEach((g, c) => (sum += Math.max(0, (this.best[t * G + g] - f1Always[c]) / (1 - f1Always[c]))));
      perThresholdAboveChance.push(cells.length > 0 ? sum / cells.length : 0);
    }
    const bestIdxAboveChance = argmax(perThresholdAboveChance);
    const { rows, cols, classes, maskIdx } = this.family;
    const coverageAlwaysOn = f1Always.reduce((a, b) => a + b, 0) / (rows * cols * (maskIdx === undefined ? classes : classes - 1));
    return { perThresholdAboveChance, coverageAboveChance: perThresholdAboveChance[bestIdxAboveChance], bestIdxAboveChance, chanceCells: cells.length, coverageAlwaysOn };
  }
}

/** Index of the first maximum (torch.argmax's choice on ties). */
export function argmax(values: readonly number[], end = values.length): number {
  let best = 0;
  for (let i = 1; i < end; i++) if (values[i] > values[best]) best = i;
  return best;
}
