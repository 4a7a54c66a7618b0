import { Rng } from '../../io/rng';
import { quantile } from '../common/bootstrap';
import { averageRanks, spearman } from '../common/rank-metrics';

/**
 * The pooled figures of a product-grouped K-fold evaluation: each model's Spearman ρ over every
 * out-of-fold review, a product-cluster bootstrap interval, and a paired interval of the
 * difference between two models on the same resamples.
 *
 * Predictions are ranked within their fold before pooling: each fold's models are fitted anew, so
 * their intercepts and scales differ from fold to fold, and ρ over raw pooled predictions would
 * also score that drift, which no single split ever sees. A within-fold percentile keeps what each
 * fold's model says (the order of its test reviews) and lets the pooled ρ read all reviews at once.
 */
export const CLUSTER_RESAMPLES = 1000;
export const LEVEL = 0.95;

/** Each prediction's percentile rank within its fold, (rank − ½)/n, ties averaged. */
export function withinFoldPercentiles(pred: ArrayLike<number>, fold: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pred.length);
  const members = new Map<number, number[]>();
  for (let i = 0; i < pred.length; i++) members.set(fold[i], [...(members.get(fold[i]) ?? []), i]);
  for (const idx of members.values()) {
    const ranks = averageRanks(idx.map((i) => pred[i]));
    idx.forEach((i, j) => (out[i] = (ranks[j] - 0.5) / idx.length));
  }
  return out;
}

/** The reviews of each product, products in first-seen order. */
export function productMembers(groups: readonly string[]): number[][] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const m = byGroup.get(g);
    if (m) m.push(i);
    else byGroup.set(g, [i]);
  });
  return [...byGroup.values()];
}

/** `resamples` draws of as many products as there are, with replacement (seeded). */
export function drawProducts(products: number, resamples = CLUSTER_RESAMPLES, seed = 1): Int32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: resamples }, () => Int32Array.from({ length: products }, () => rng.int(products)));
}

export interface PairedInterval {
  /** each model's statistic on all reviews, and its percentile interval over the resamples */
  a: { value: number; low: number; high: number };
  b: { value: number; low: number; high: number };
  /** a − b on all reviews, and the percentile interval of a − b computed on each resample for both */
  difference: { value: number; low: number; high: number };
}

const interval = (stats: number[], level: number) => {
  const s = stats.filter(Number.isFinite).sort((x, y) => x - y);
  return s.length ? { low: quantile(s, (1 - level) / 2), high: quantile(s, (1 + level) / 2) } : { low: NaN, high: NaN };
};

/**
 * Spearman ρ of two prediction columns against one label, resampled by product: every draw takes
 * whole products (all their reviews), so reviews of one product — which share a page, a price and
 * often a topic — move together, as they would under another split of products. Both models read
 * the same draws, so the difference's interval is paired: what the two share (an easy draw, a hard
 * product) cancels.
 */
export function pairedClusterSpearman(predA: ArrayLike<number>, predB: ArrayLike<number>, label: ArrayLike<number>, members: readonly number[][], draws: readonly Int32Array[], level = LEVEL): PairedInterval {
  const stat = (pred: ArrayLike<number>, idx: readonly number[]) => spearman(idx.map((i) => pred[i]), idx.map((i) => label[i]));
  const all = members.flat();
  const sa: number[] = [];
  const sb: number[] = [];
  const sd: number[] = [];
  for (const draw of draws) {
    const idx = Array.from(draw).flatMap((p) => members[p]);
    const ra = stat(predA, idx);
    const rb = stat(predB, idx);
    sa.push(ra);
    sb.push(rb);
    // a draw where either ρ is undefined (a constant resample) says nothing about the difference
    sd.push(Number.isFinite(ra) && Number.isFinite(rb) ? ra - rb : NaN);
  }
  const va = stat(predA, all);
  const vb = stat(predB, all);
  return { a: { value: va, ...interval(sa, level) }, b: { value: vb, ...interval(sb, level) }, difference: { value: va - vb, ...interval(sd, level) } };
}

/** Whether a difference's interval lies above 0 (a beats b), contains it (no difference shown), or lies below. */
export function verdictOf(low: number, high: number): 'above' | 'contains' | 'below' {
  return low > 0 ? 'above' : high < 0 ? 'below' : 'contains';
}
