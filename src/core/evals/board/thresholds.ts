/**
 * Features as classifiers (ALGORITHMS-DETAIL §1.3, reference `circuits/eval_sae_as_classifier.py`):
 * φ_{i,t}(x) = 1[f_i(x) > t·a_max,i] for t ∈ {0, 0.1, …, 1.0}, a strict inequality, with
 * a_max,i = |max f_i| over the train positions.
 */
import { StudioError } from '../../../shared/errors';

export const N_THRESHOLDS = 11;
/** t values; index 10 (t = 1.0) never fires on train and is the "highest threshold" slot in reconstruction. */
export const THRESHOLDS: readonly number[] = Array.from({ length: N_THRESHOLDS }, (_, k) => k / 10);

/** Activations of `features` features at each position, positions × features, row-major. */
export interface FeatureActivations {
  data: Float32Array;
  features: number;
}

export function checkActivations(acts: FeatureActivations, positions: number): void {
  if (!Number.isInteger(acts.features) || acts.features <= 0) {
    throw new StudioError('shape', `feature count must be a positive integer, got ${acts.features}`, 'features');
  }
  if (acts.data.length !== positions * acts.features) {
    throw new StudioError('shape', `activations hold ${acts.data.length} values, expected ${positions} positions × ${acts.features} features`, 'activations');
  }
}

/**
 * Per-feature a_max over the given rows and the alive features (those with any value > 0
 * there, the reference's firing rate > 0). The reference takes a_max over a subset of at most
 * 1000 train contexts; here every train row is used.
 */
export function featureMaxima(acts: FeatureActivations, rows: Uint32Array): { aMax: Float64Array; alive: Uint32Array } {
  const F = acts.features;
  const max = new Float64Array(F).fill(-Infinity);
  for (const r of rows) {
    const base = r * F;
    for (let i = 0; i < F; i++) if (acts.data[base + i] > max[i]) max[i] = acts.data[base + i];
  }
  const alive: number[] = [];
  const aMax = new Float64Array(F);
  for (let i = 0; i < F; i++) {
    aMax[i] = Math.abs(max[i] === -Infinity ? 0 : max[i]);
    if (max[i] > 0) alive.push(i);
  }
  return { aMax, alive: Uint32Array.from(alive) };
}

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
