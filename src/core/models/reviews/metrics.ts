import { bootstrapInterval, pick } from '../common/bootstrap';
import { ndcgAtK, spearman } from '../common/rank-metrics';
import type { ResultRecord } from '../common/results';

/**
 * The review workspace's metrics (issue 17): Spearman ρ (main) and MAE over test reviews, and
 * NDCG@10 within each product that has ≥ 5 test reviews, averaged over those products — the
 * ranking a shopper sees on one product page. Intervals: percentile bootstrap (95%) over test
 * reviews for ρ and MAE, over the qualifying products for NDCG@10.
 */
export const MIN_PRODUCT_REVIEWS = 5;
export const NDCG_K = 10;

export function mae(pred: ArrayLike<number>, label: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += Math.abs(pred[i] - label[i]);
  return pred.length ? s / pred.length : NaN;
}

/** NDCG@k of each group with at least `minSize` items; gains are the labels shifted so the smallest is 0. */
export function groupNdcgs(pred: ArrayLike<number>, label: ArrayLike<number>, groups: readonly string[], k = NDCG_K, minSize = MIN_PRODUCT_REVIEWS): number[] {
  let floor = Infinity;
  for (let i = 0; i < label.length; i++) floor = Math.min(floor, label[i]);
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => byGroup.set(g, [...(byGroup.get(g) ?? []), i]));
  const out: number[] = [];
  for (const idx of byGroup.values()) {
    if (idx.length < minSize) continue;
    const v = ndcgAtK(
      idx.map((i) => pred[i]),
      idx.map((i) => label[i] - floor),
      k,
    );
    if (Number.isFinite(v)) out.push(v);
  }
  return out;
}

export interface ModelMetrics {
  spearman: number | null;
  spearmanLow: number | null;
  spearmanHigh: number | null;
  mae: number | null;
  maeLow: number | null;
  maeHigh: number | null;
  ndcg10: number | null;
  ndcg10Low: number | null;
  ndcg10High: number | null;
  /** products with ≥ 5 test reviews behind NDCG@10 */
  ndcgProducts: number;
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

export function modelMetrics(pred: ArrayLike<number>, label: ArrayLike<number>, groups: readonly string[], seed = 1): ModelMetrics {
  const n = pred.length;
  const rho = bootstrapInterval(n, (idx) => spearman(pick(pred, idx), pick(label, idx)), { seed });
  const err = bootstrapInterval(n, (idx) => mae(pick(pred, idx), pick(label, idx)), { seed });
  const ndcgs = groupNdcgs(pred, label, groups);
  const nd = bootstrapInterval(ndcgs.length, (idx) => mean(Array.from(idx, (i) => ndcgs[i])), { seed });
  return {
    spearman: orNull(rho.value),
    spearmanLow: orNull(rho.low),
    spearmanHigh: orNull(rho.high),
    mae: orNull(err.value),
    maeLow: orNull(err.low),
    maeHigh: orNull(err.high),
    ndcg10: orNull(nd.value),
    ndcg10Low: orNull(nd.low),
    ndcg10High: orNull(nd.high),
    ndcgProducts: ndcgs.length,
  };
}

/** The metrics as the result records every workspace shares (Compare, CSV, reports). */
export function metricRecords(model: string, split: string, m: ModelMetrics): ResultRecord[] {
  return [
    { model, metric: 'spearman', value: m.spearman, low: m.spearmanLow, high: m.spearmanHigh, split },
    { model, metric: 'mae', value: m.mae, low: m.maeLow, high: m.maeHigh, split },
    { model, metric: 'ndcg10', value: m.ndcg10, low: m.ndcg10Low, high: m.ndcg10High, split },
  ];
}
