/**
 * Features as classifiers (ALGORITHMS-DETAIL §1.3, reference `circuits/eval_sae_as_classifier.py`):
 * φ_{i,t}(x) = 1[f_i(x) > t·a_max,i] for t ∈ {0, 0.1, …, 1.0}, a strict inequality, with
 * a_max,i = |max f_i| over the train positions.
 */
export const N_THRESHOLDS = 11;
/** t values; index 10 (t = 1.0) never fires on train and is the "highest threshold" slot in reconstruction. */
export const THRESHOLDS: readonly number[] = Array.from({ length: N_THRESHOLDS }, (_, k) => k / 10);

/** Thresholds t·a_max for each listed feature: features × 11. */
export function thresholdTable(aMax: Float64Array, features: Uint32Array): Float64Array {
  const table = new Float64Array(features.length * N_THRESHOLDS);
  features.forEach((f, j) => {
    for (let k = 0; k < N_THRESHOLDS; k++) table[j * N_THRESHOLDS + k] = THRESHOLDS[k] * aMax[f];
  });
  return table;
}

/**
 * The highest threshold index at which a value fires (φ = 1 for every index up to it), or −1
 * when it fires at none. `thr` is the feature's row of the threshold table.
 */
export function topIndex(value: number, thr: Float64Array, offset: number): number {
  let k = -1;
  while (k + 1 < N_THRESHOLDS && value > thr[offset + k + 1]) k++;
  return k;
}
