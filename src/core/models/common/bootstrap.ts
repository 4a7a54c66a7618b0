import { Rng } from '../../io/rng';

export interface Interval {
  value: number;
  low: number;
  high: number;
}

export interface BootstrapOptions {
  /** resamples (default 1000) */
  resamples?: number;
  /** coverage of the interval (default 0.95) */
  level?: number;
  /** seed of the resampling stream (default 1), so reports are reproducible */
  seed?: number;
}

/**
 * A percentile bootstrap interval: the statistic on the full sample, and the (1−level)/2 and
 * (1+level)/2 quantiles of the statistic over resamples of n indices drawn with replacement.
 * `statistic` gets the resampled indices; resamples where it is NaN (e.g. a constant resample)
 * are dropped, and low/high are NaN if none remain.
 */
export function bootstrapInterval(n: number, statistic: (indices: Int32Array) => number, options: BootstrapOptions = {}): Interval {
  const resamples = options.resamples ?? 1000;
  const level = options.level ?? 0.95;
  const rng = new Rng(options.seed ?? 1);
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const value = statistic(all);
  const stats: number[] = [];
  const idx = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) idx[i] = rng.int(n);
    const s = statistic(idx);
    if (Number.isFinite(s)) stats.push(s);
  }
  if (stats.length === 0) return { value, low: NaN, high: NaN };
  stats.sort((a, b) => a - b);
  return { value, low: quantile(stats, (1 - level) / 2), high: quantile(stats, (1 + level) / 2) };
}

/** Linear-interpolated quantile of sorted values (numpy's default 'linear' method). */
export function quantile(sorted: readonly number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Picks the paired entries of `xs` at `indices`, for statistics of (prediction, label) pairs. */
export function pick(xs: ArrayLike<number>, indices: Int32Array): Float64Array {
  const out = new Float64Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = xs[indices[i]];
  return out;
}
