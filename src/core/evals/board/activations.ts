/**
 * Feature activations as the board metrics read them: dense (positions × features, row-major)
 * for residual dimensions, neurons or any dense code, or sparse rows (CSR) for SAE codes,
 * whose few non-zeros per position keep memory at positions × L0. Only values > 0 can fire
 * (the lowest threshold is f > 0), so a sparse row may omit everything else.
 */
import { StudioError } from '../../../shared/errors';
import { N_THRESHOLDS, topIndex } from './thresholds';

export interface DenseActivations {
  data: Float32Array;
  features: number;
}

export interface SparseActivations {
  /** row r's entries are index/value[rowStart[r] .. rowStart[r+1]) */
  rowStart: Uint32Array;
  index: Uint32Array;
  value: Float32Array;
  features: number;
}

export type FeatureActivations = DenseActivations | SparseActivations;

function isSparse(acts: FeatureActivations): acts is SparseActivations {
  return 'rowStart' in acts;
}

export function checkActivations(acts: FeatureActivations, positions: number): void {
  if (!Number.isInteger(acts.features) || acts.features <= 0) {
    throw new StudioError('shape', `feature count must be a positive integer, got ${acts.features}`, 'features');
  }
  if (!isSparse(acts)) {
    if (acts.data.length !== positions * acts.features) {
      throw new StudioError('shape', `activations hold ${acts.data.length} values, expected ${positions} positions × ${acts.features} features`, 'activations');
    }
    return;
  }
  const { rowStart, index, value, features } = acts;
  if (rowStart.length !== positions + 1) throw new StudioError('shape', `rowStart has ${rowStart.length} entries, expected ${positions + 1}`, 'rowStart');
  if (index.length !== value.length || rowStart[positions] !== index.length || rowStart[0] !== 0) {
    throw new StudioError('shape', 'rowStart, index and value do not describe the same entries', 'rowStart');
  }
  for (let r = 0; r < positions; r++) if (rowStart[r + 1] < rowStart[r]) throw new StudioError('shape', `rowStart decreases at row ${r}`, 'rowStart');
  for (let e = 0; e < index.length; e++) if (index[e] >= features) throw new StudioError('shape', `feature ${index[e]} is past the ${features} features`, `index[${e}]`);
}

/**
 * Per-feature a_max over the given rows and the alive features (those with any value > 0
 * there, the reference's firing rate > 0). The reference takes a_max over a subset of at most
 * 1000 train contexts; here every train row is used.
 */
export function featureMaxima(acts: FeatureActivations, rows: Uint32Array): { aMax: Float64Array; alive: Uint32Array } {
  const F = acts.features;
  const max = new Float64Array(F).fill(-Infinity);
  if (isSparse(acts)) {
    const seen = new Uint32Array(F);
    for (const r of rows) {
      for (let e = acts.rowStart[r]; e < acts.rowStart[r + 1]; e++) {
        const i = acts.index[e];
        seen[i]++;
        if (acts.value[e] > max[i]) max[i] = acts.value[e];
      }
    }
    // An entry left out of a row is a zero.
    for (let i = 0; i < F; i++) if (seen[i] < rows.length && max[i] < 0) max[i] = 0;
  } else {
    for (const r of rows) {
      const base = r * F;
      for (let i = 0; i < F; i++) if (acts.data[base + i] > max[i]) max[i] = acts.data[base + i];
    }
  }
  const alive: number[] = [];
  const aMax = new Float64Array(F);
  for (let i = 0; i < F; i++) {
    aMax[i] = Math.abs(max[i] === -Infinity ? 0 : max[i]);
    if (max[i] > 0) alive.push(i);
  }
  return { aMax, alive: Uint32Array.from(alive) };
}

/** Which alive features a row reads, and where their thresholds are. */
export interface AliveFeatures {
  /** feature ids of the alive features */
  ids: Uint32Array;
  /** feature id → index in `ids`, −1 when dead */
  slot: Int32Array;
  /** alive × 11 thresholds */
  thr: Float64Array;
}

export function aliveFeatures(features: number, ids: Uint32Array, thr: Float64Array): AliveFeatures {
  const slot = new Int32Array(features).fill(-1);
  ids.forEach((f, j) => (slot[f] = j));
  return { ids, slot, thr };
}

/**
 * Writes the top threshold index (−1 = silent) of alive features from..to−1 at `row` into
 * out[offset + (j − from)·stride].
 */
export function rowTops(acts: FeatureActivations, row: number, alive: AliveFeatures, from: number, to: number, out: Int8Array, offset: number, stride: number): void {
  if (isSparse(acts)) {
    for (let j = from; j < to; j++) out[offset + (j - from) * stride] = -1;
    for (let e = acts.rowStart[row]; e < acts.rowStart[row + 1]; e++) {
      const j = alive.slot[acts.index[e]];
      if (j >= from && j < to) out[offset + (j - from) * stride] = topIndex(acts.value[e], alive.thr, j * N_THRESHOLDS);
    }
    return;
  }
  const base = row * acts.features;
  for (let j = from; j < to; j++) out[offset + (j - from) * stride] = topIndex(acts.data[base + alive.ids[j]], alive.thr, j * N_THRESHOLDS);
}

/** A dense matrix as sparse rows of its positive entries. */
export function sparsify(acts: DenseActivations): SparseActivations {
  const rows = acts.data.length / acts.features;
  const rowStart = new Uint32Array(rows + 1);
  let nnz = 0;
  for (let i = 0; i < acts.data.length; i++) if (acts.data[i] > 0) nnz++;
  const index = new Uint32Array(nnz);
  const value = new Float32Array(nnz);
  let e = 0;
  for (let r = 0; r < rows; r++) {
    for (let i = 0; i < acts.features; i++) {
      const v = acts.data[r * acts.features + i];
      if (v > 0) {
        index[e] = i;
        value[e++] = v;
      }
    }
    rowStart[r + 1] = e;
  }
  return { rowStart, index, value, features: acts.features };
}
