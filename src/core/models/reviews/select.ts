import { choleskySolve } from '../common/ridge';
import { spearman } from '../common/rank-metrics';

/**
 * AutoQual's feature selection (`feature_selector.py`, ALGORITHMS-DETAIL §8): features min-max
 * scaled on the training rows, a linear regression for each candidate set, the set scored by
 * Spearman ρ of its predictions — here on reviews the fit never saw: a separate validation split,
 * or out-of-fold over product-grouped folds (the reference scores and reports on one 20% split),
 * with a beam search of width 10 up to 10 features.
 */

/** Min and max of each column on the training rows; constant columns scale to 0. */
export interface Scale {
  min: number;
  max: number;
}

export function fitScale(col: ArrayLike<number>): Scale {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < col.length; i++) {
    if (col[i] < min) min = col[i];
    if (col[i] > max) max = col[i];
  }
  return col.length ? { min, max } : { min: 0, max: 0 };
}

export function applyScale(col: ArrayLike<number>, s: Scale): Float64Array {
  const span = s.max - s.min;
  return Float64Array.from(col, (x) => (span > 0 ? (x - s.min) / span : 0));
}

/** The least-squares fit of y on the given columns (an intercept, and a ridge of 1e-6 so collinear sets still solve). */
export interface LinearFit {
  weights: Float64Array;
  intercept: number;
}

export const LINEAR_RIDGE = 1e-6;

/**
 * Centred cross products of every candidate column and of y on the training rows, computed once
 * so each set's fit is a small d×d solve rather than a pass over the rows.
 */
export class GramCache {
  readonly means: Float64Array;
  readonly yMean: number;
  readonly rows: number;
  private readonly gram: Float64Array;
  private readonly xy: Float64Array;
  constructor(
    private readonly cols: readonly Float64Array[],
    y: ArrayLike<number>,
  ) {
    const k = cols.length;
    const n = y.length;
    this.means = Float64Array.from(cols, (c) => c.reduce((s, x) => s + x, 0) / Math.max(1, n));
    let ySum = 0;
    for (let i = 0; i < n; i++) ySum += y[i];
    this.yMean = ySum / Math.max(1, n);
    this.rows = n;
    this.gram = new Float64Array(k * k);
    this.xy = new Float64Array(k);
    const centred = cols.map((c, j) => Float64Array.from(c, (x) => x - this.means[j]));
    for (let a = 0; a < k; a++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += centred[a][i] * (y[i] - this.yMean);
      this.xy[a] = s;
      for (let b = 0; b <= a; b++) {
        let g = 0;
        const ca = centred[a];
        const cb = centred[b];
        for (let i = 0; i < n; i++) g += ca[i] * cb[i];
        this.gram[a * k + b] = g;
        this.gram[b * k + a] = g;
      }
    }
  }

  /** Least squares on the set's columns; `ridge` > 0 adds ridge · n to the diagonal (a penalty per review on the min-max-scaled weights). */
  fit(set: readonly number[], ridge = 0): LinearFit {
    const d = set.length;
    const k = this.cols.length;
    const a = new Float64Array(d * d);
    const b = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      b[i] = this.xy[set[i]];
      for (let j = 0; j < d; j++) a[i * d + j] = this.gram[set[i] * k + set[j]];
      a[i * d + i] += LINEAR_RIDGE * (1 + a[i * d + i]) + ridge * this.rows;
    }
    const weights = d ? choleskySolve(a, b, d) : new Float64Array(0);
    let intercept = this.yMean;
    for (let i = 0; i < d; i++) intercept -= weights[i] * this.means[set[i]];
    return { weights, intercept };
  }
}

export function predict(fit: LinearFit, cols: readonly Float64Array[], set: readonly number[], rows: number): Float64Array {
  const out = new Float64Array(rows).fill(fit.intercept);
  set.forEach((c, j) => {
    const col = cols[c];
    const w = fit.weights[j];
    for (let i = 0; i < rows; i++) out[i] += w * col[i];
  });
  return out;
}

export interface BeamOptions {
  width?: number;
  maxFeatures?: number;
  /** the least a step must raise the best ρ to go on (0: any rise) */
  minGain?: number;
  /** called after each step with the step (1-based) and its best score */
  onStep?: (step: number, best: number) => void;
}

export interface BeamResult {
  /** the best set found (column indices, in the order added) and its validation ρ */
  set: number[];
  score: number;
  /** the best score after each step */
  trace: number[];
}

/** Scores a set of candidate columns (higher is better). */
export type SetScorer = (set: readonly number[]) => number;

/** ρ of a set's validation predictions, fitted on train; NaN (a constant prediction) scores −∞. */
export function validationScorer(train: readonly Float64Array[], yTrain: ArrayLike<number>, valid: readonly Float64Array[], yValid: ArrayLike<number>, ridge = 0): SetScorer {
  const gram = new GramCache(train, yTrain);
  const rows = yValid.length;
  return (set) => {
    const rho = spearman(predict(gram.fit(set, ridge), valid, set, rows), yValid);
    return Number.isFinite(rho) ? rho : -Infinity;
  };
}

/**
 * ρ of a set's out-of-fold predictions over grouped folds (`fold[i]` of row i): every row is
 * predicted by a fit that never saw its product, so the score reads the whole pooled data.
 */
export function crossValidationScorer(cols: readonly Float64Array[], y: ArrayLike<number>, fold: ArrayLike<number>, ridge = 0): SetScorer {
  const k = Math.max(...Array.from(fold)) + 1;
  const parts = Array.from({ length: k }, (_, f) => {
    const fit: number[] = [];
    const held: number[] = [];
    for (let i = 0; i < y.length; i++) (fold[i] === f ? held : fit).push(i);
    const pick = (c: ArrayLike<number>, idx: number[]) => Float64Array.from(idx, (i) => c[i]);
    return { held, gram: new GramCache(cols.map((c) => pick(c, fit)), pick(y, fit)), heldCols: cols.map((c) => pick(c, held)) };
  });
  const yAll = Float64Array.from(y);
  return (set) => {
    const pred = new Float64Array(y.length);
    for (const p of parts) {
      const out = predict(p.gram.fit(set, ridge), p.heldCols, set, p.held.length);
      p.held.forEach((i, j) => (pred[i] = out[j]));
    }
    const rho = spearman(pred, yAll);
    return Number.isFinite(rho) ? rho : -Infinity;
  };
}

/**
 * Beam search over `candidates` columns: every set of the beam grows by each candidate not in
 * it, the `width` best distinct sets survive, and the search stops at `maxFeatures` or when a
 * step does not beat the best set so far by `minGain` (a larger set that does no better is not kept).
 */
export function beamSearch(candidates: number, score: SetScorer, options: BeamOptions = {}): BeamResult {
  const width = options.width ?? 10;
  const maxFeatures = Math.min(options.maxFeatures ?? 10, candidates);
  let beam: { set: number[]; score: number }[] = [{ set: [], score: -Infinity }];
  let best = { set: [] as number[], score: -Infinity };
  const trace: number[] = [];
  for (let step = 1; step <= maxFeatures; step++) {
    const seen = new Set<string>();
    const next: { set: number[]; score: number }[] = [];
    for (const b of beam) {
      for (let c = 0; c < candidates; c++) {
        if (b.set.includes(c)) continue;
        const set = [...b.set, c];
        const key = [...set].sort((x, y) => x - y).join(',');
        if (seen.has(key)) continue;
        seen.add(key);
        next.push({ set, score: score(set) });
      }
    }
    next.sort((a, b) => b.score - a.score);
    beam = next.slice(0, width);
    if (beam.length === 0) break;
    trace.push(beam[0].score);
    options.onStep?.(step, beam[0].score);
    if (!(beam[0].score > best.score + (best.set.length ? (options.minGain ?? 0) : 0))) break;
    best = beam[0];
  }
  return { set: best.set, score: best.score, trace };
}
