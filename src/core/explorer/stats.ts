import type { SparseActivations } from '../evals/board';

/** Per-feature summary over the explored rows, columnar so 16k+ features travel as a few arrays. */
export interface FeatureStats {
  /** share of rows where the feature fires (f > 0) */
  frequency: Float64Array;
  maxActivation: Float64Array;
  /** mean of the firing values (0 for a feature that never fires) */
  meanActivation: Float64Array;
}

export function featureStats(acts: SparseActivations): FeatureStats {
  const F = acts.features;
  const rows = acts.rowStart.length - 1;
  const count = new Float64Array(F);
  const max = new Float64Array(F);
  const sum = new Float64Array(F);
  for (let e = 0; e < acts.index.length; e++) {
    const i = acts.index[e];
    const v = acts.value[e];
    count[i]++;
    sum[i] += v;
    if (v > max[i]) max[i] = v;
  }
  return {
    frequency: count.map((c) => (rows > 0 ? c / rows : 0)),
    maxActivation: max,
    meanActivation: sum.map((s, i) => (count[i] > 0 ? s / count[i] : 0)),
  };
}

/** One feature's firing rows and values, largest first. */
export function firingsOf(acts: SparseActivations, feature: number): { rows: Uint32Array; values: Float32Array } {
  const rows: number[] = [];
  const values: number[] = [];
  const n = acts.rowStart.length - 1;
  for (let r = 0; r < n; r++) {
    for (let e = acts.rowStart[r]; e < acts.rowStart[r + 1]; e++) {
      if (acts.index[e] === feature) {
        rows.push(r);
        values.push(acts.value[e]);
        break;
      }
    }
  }
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a] || rows[a] - rows[b]);
  return { rows: Uint32Array.from(order, (i) => rows[i]), values: Float32Array.from(order, (i) => values[i]) };
}

/** Equal-width histogram of firing values from 0 to the largest one. */
export function valueHistogram(values: Float32Array, bins: number): { edges: number[]; counts: number[] } {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const top = max > 0 ? max : 1;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (top * i) / bins);
  const counts = new Array<number>(bins).fill(0);
  // the largest value falls on the last edge: it belongs to the last bin
  for (const v of values) counts[Math.min(bins - 1, Math.floor((v / top) * bins))]++;
  return { edges, counts };
}
