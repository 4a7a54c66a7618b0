import { bootstrapInterval, type BootstrapOptions } from '../common/bootstrap';

/** Pairwise accuracy: the share of pairs with r(chosen) > r(rejected); a tie counts one half. */
export function pairwiseAccuracy(chosen: ArrayLike<number>, rejected: ArrayLike<number>, indices?: ArrayLike<number>): number {
  const n = indices ? indices.length : chosen.length;
  if (n === 0) return NaN;
  let hits = 0;
  for (let j = 0; j < n; j++) {
    const i = indices ? indices[j] : j;
    hits += chosen[i] > rejected[i] ? 1 : chosen[i] === rejected[i] ? 0.5 : 0;
  }
  return hits / n;
}

export interface AccuracyReport {
  accuracy: number;
  accuracyLow: number;
  accuracyHigh: number;
  pairs: number;
  /** per category, where pairs carry one */
  byCategory?: Record<string, { accuracy: number; pairs: number }>;
}

/** Accuracy over the given pairs with a percentile-bootstrap 95% interval over pairs, and per category. */
export function accuracyReport(chosen: ArrayLike<number>, rejected: ArrayLike<number>, pairs: readonly number[], category: (pair: number) => string | null, bootstrap: BootstrapOptions = {}): AccuracyReport {
  const iv = bootstrapInterval(pairs.length, (idx) => pairwiseAccuracy(chosen, rejected, Array.from(idx, (j) => pairs[j])), bootstrap);
  const groups = new Map<string, number[]>();
  for (const p of pairs) {
    const c = category(p);
    if (c !== null) groups.set(c, [...(groups.get(c) ?? []), p]);
  }
  const report: AccuracyReport = { accuracy: iv.value, accuracyLow: iv.low, accuracyHigh: iv.high, pairs: pairs.length };
  if (groups.size > 0) report.byCategory = Object.fromEntries([...groups].map(([c, ps]) => [c, { accuracy: pairwiseAccuracy(chosen, rejected, ps), pairs: ps.length }]));
  return report;
}
