/**
 * Exemplars of a feature (issue 19, ALGORITHMS-DETAIL §6): SAGE's top-10 max-activating examples,
 * SAGE's held-out draw for predictive accuracy (drop the top 10, then 4/3/3 from the rank bands
 * [10, 0.4N), [0.4N, 0.7N), [0.7N, N)), delphi's quantile-stratified activating examples
 * (sorted by max activation, cut into 10 equal slices, sampled evenly) and random
 * non-activating examples. An example is a window of consecutive rows of one sequence (a game's
 * plies, a document's tokens) centred on the row it was picked for.
 */
import { Rng } from '../io/rng';

export interface Example {
  /** the row the example was picked for */
  center: number;
  /** the window's rows, in order */
  rows: number[];
  /** max activation over the window */
  max: number;
}

export const TOP_K = 10;
export const QUANTILES = 10;

/** The window of up to `length` rows of the centre's sequence around it. */
export function windowOf(seqOf: ArrayLike<number>, center: number, length: number): number[] {
  const n = seqOf.length;
  let lo = center;
  let hi = center + 1;
  const half = Math.floor(length / 2);
  while (lo > 0 && seqOf[lo - 1] === seqOf[center] && center - lo < half) lo--;
  while (hi < n && seqOf[hi] === seqOf[center] && hi - lo < length) hi++;
  while (lo > 0 && seqOf[lo - 1] === seqOf[center] && hi - lo < length) lo--;
  return Array.from({ length: hi - lo }, (_, i) => lo + i);
}

const exampleAt = (acts: Float32Array, seqOf: ArrayLike<number>, center: number, length: number): Example => {
  const rows = windowOf(seqOf, center, length);
  return { center, rows, max: Math.max(...rows.map((r) => acts[r])) };
};

/**
 * Activating examples, strongest first: one per window (a row inside an already taken
 * window is skipped, so the top 10 are ten different contexts).
 */
export function activatingExamples(acts: Float32Array, seqOf: ArrayLike<number>, rows: readonly number[], length: number): Example[] {
  const firing = rows.filter((r) => acts[r] > 0).sort((a, b) => acts[b] - acts[a] || a - b);
  const taken = new Set<number>();
  const out: Example[] = [];
  for (const r of firing) {
    if (taken.has(r)) continue;
    const ex = exampleAt(acts, seqOf, r, length);
    ex.rows.forEach((x) => taken.add(x));
    out.push({ ...ex, max: acts[r] });
  }
  return out;
}

/** SAGE's held-out draw: without the top 10, 4 from [10, 0.4N), 3 from [0.4N, 0.7N), 3 from [0.7N, N). */
export function sageHeldOut<T>(ranked: readonly T[], rng: Rng): T[] {
  const n = ranked.length;
  const bands: [number, number, number][] = [[TOP_K, Math.floor(0.4 * n), 4], [Math.floor(0.4 * n), Math.floor(0.7 * n), 3], [Math.floor(0.7 * n), n, 3]];
  return bands.flatMap(([lo, hi, k]) => sample(Array.from({ length: Math.max(0, hi - Math.max(lo, TOP_K)) }, (_, i) => ranked[Math.max(lo, TOP_K) + i]), k, rng));
}

/** delphi's quantile sampling: 10 equal slices of the examples sorted by max activation, `perQuantile` from each. */
export function quantileExamples(ranked: readonly Example[], perQuantile: number, rng: Rng): Example[] {
  const n = ranked.length;
  const out: Example[] = [];
  for (let q = 0; q < QUANTILES; q++) {
    const slice = ranked.slice(Math.floor((q * n) / QUANTILES), Math.floor(((q + 1) * n) / QUANTILES));
    out.push(...sample(slice, perQuantile, rng));
  }
  return out;
}

/** Random windows where the feature is zero throughout (delphi's "random" non-activating examples). */
export function nonActivatingExamples(acts: Float32Array, seqOf: ArrayLike<number>, rows: readonly number[], count: number, length: number, rng: Rng): Example[] {
  const out: Example[] = [];
  const tries = Math.min(rows.length, count * 20);
  const used = new Set<number>();
  for (let t = 0; t < tries && out.length < count; t++) {
    const r = rows[rng.int(rows.length)];
    if (used.has(r)) continue;
    const ex = exampleAt(acts, seqOf, r, length);
    if (ex.max > 0) continue;
    ex.rows.forEach((x) => used.add(x));
    out.push(ex);
  }
  return out;
}

/** k items drawn without replacement (all of them when there are fewer). */
export function sample<T>(xs: readonly T[], k: number, rng: Rng): T[] {
  const a = [...xs];
  for (let i = 0; i < Math.min(k, a.length); i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, Math.min(k, a.length));
}
