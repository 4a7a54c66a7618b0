/**
 * The knee of a convex increasing curve by Kneedle (Satopää et al. 2011) as the `kneed`
 * package computes it offline with S = 1 (ALGORITHMS-DETAIL §11: ε for Ball Mapper is the knee
 * of the sorted nearest-neighbour distances, truncated to 2 decimals). x is the index 0..n−1.
 *
 * Steps: normalise x and y to [0, 1]; for a convex increasing curve flip it into a concave one,
 * yₜ[i] = 1 − yₙ[n−1−i]; difference D[i] = yₜ[i] − xₙ[i]; local maxima and minima of D with
 * ≥ / ≤ against both neighbours (an end compares with itself, as scipy's argrelextrema does in
 * its default `clip` mode); walking from the first maximum, a maximum sets the threshold
 * T = D[max] − S·mean(Δxₙ) and a minimum resets it to 0; the first point whose successor falls
 * below T makes the last maximum the knee, mapped back through the flip: index n − 1 − max.
 */
export function kneeIndex(y: ArrayLike<number>, sensitivity = 1): number | null {
  const n = y.length;
  if (n < 3) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) [lo, hi] = [Math.min(lo, y[i]), Math.max(hi, y[i])];
  if (!(hi > lo)) return null;
  const xn = (i: number) => i / (n - 1);
  const d = Float64Array.from({ length: n }, (_, i) => 1 - (y[n - 1 - i] - lo) / (hi - lo) - xn(i));
  const at = (i: number) => d[Math.min(n - 1, Math.max(0, i))];
  const isMax = (i: number) => d[i] >= at(i - 1) && d[i] >= at(i + 1);
  const isMin = (i: number) => d[i] <= at(i - 1) && d[i] <= at(i + 1);
  let first = 0;
  while (first < n && !isMax(first)) first++;
  if (first === n) return null;
  const step = 1 / (n - 1);
  let threshold = 0;
  let thresholdIndex = first;
  for (let i = first; i < n - 1; i++) {
    if (isMax(i)) [threshold, thresholdIndex] = [d[i] - sensitivity * step, i];
    if (isMin(i)) threshold = 0;
    if (d[i + 1] < threshold) return n - 1 - thresholdIndex;
  }
  return null;
}

/** Truncates (not rounds) to 2 decimals, as the paper's ε: 0.129 → 0.12. */
export const truncate2 = (v: number): number => Math.floor(v * 100 + 1e-9) / 100;

/** ε from the knee of the sorted distances, truncated; null when the curve has no knee. */
export function kneeEpsilon(sortedDistances: ArrayLike<number>): number | null {
  const k = kneeIndex(sortedDistances);
  return k === null ? null : truncate2(sortedDistances[k]);
}
