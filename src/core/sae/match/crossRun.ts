import { EngineSession, exportStep, input, ops as o } from '../../engine';
import { maxWeightAssignment } from './hungarian';

/**
 * Feature matching between two dictionaries over the same activation space: the cosine of
 * every pair of decoder directions, each feature's best partner both ways (MMCS: the mean of
 * those maxima, as Sharkey et al. 2022 and SAEBench compare seeds), and a one-to-one
 * assignment maximising the total cosine (Hungarian), whose pairs are what "matched" means.
 */
export interface FeatureMatch {
  featuresA: number;
  featuresB: number;
  /** per feature of A: its best cosine with any feature of B, and which */
  bestAB: Float32Array;
  bestABIndex: Int32Array;
  bestBA: Float32Array;
  bestBAIndex: Int32Array;
  /** mean of bestAB (A's features found in B), and of bestBA */
  mmcsAB: number;
  mmcsBA: number;
  /** per feature of A: its assigned feature of B (−1: none, when A is the wider), null when too large to assign */
  assignment: Int32Array | null;
  assignedCosine: Float32Array | null;
  /** per threshold, how many assigned pairs reach it */
  matchedAbove: { threshold: number; pairs: number }[];
}

export const MATCH_THRESHOLDS = [0.5, 0.7, 0.9] as const;

/**
 * Cells of the cosine matrix the assignment may hold (float32): 4,096 × 4,096 = 64 MiB. Wider
 * pairs get MMCS both ways (computed in blocks) but no assignment.
 */
export const MAX_ASSIGN_CELLS = 4096 * 4096;
const BLOCK_ROWS = 1024;

/** Rows of `atoms` [n, d] scaled to unit length (a zero row stays zero, so its cosines are 0). */
export function unitRows(atoms: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    let ss = 0;
    for (let k = 0; k < d; k++) ss += atoms[i * d + k] ** 2;
    const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
    for (let k = 0; k < d; k++) out[i * d + k] = atoms[i * d + k] * inv;
  }
  return out;
}

/** `assign: false` computes the cosines and MMCS only (the bench's reference). */
export async function matchFeatures(atomsA: Float32Array, atomsB: Float32Array, d: number, { assign = true } = {}): Promise<FeatureMatch> {
  const nA = atomsA.length / d;
  const nB = atomsB.length / d;
  const keep = assign && nA * nB <= MAX_ASSIGN_CELLS;
  const full = keep ? new Float32Array(nA * nB) : null;
  const bestAB = new Float32Array(nA).fill(-Infinity);
  const bestABIndex = new Int32Array(nA).fill(-1);
  const bestBA = new Float32Array(nB).fill(-Infinity);
  const bestBAIndex = new Int32Array(nB).fill(-1);
  await cosineBlocks(unitRows(atomsA, nA, d), unitRows(atomsB, nB, d), nA, nB, d, (start, block) => {
    for (let r = 0; r < block.length / nB; r++) {
      const i = start + r;
      for (let j = 0; j < nB; j++) {
        // unit rows in float32 can overshoot ±1 by an ulp
        const c = Math.min(1, Math.max(-1, block[r * nB + j]));
        block[r * nB + j] = c;
        if (c > bestAB[i]) {
          bestAB[i] = c;
          bestABIndex[i] = j;
        }
        if (c > bestBA[j]) {
          bestBA[j] = c;
          bestBAIndex[j] = i;
        }
      }
    }
    full?.set(block, start * nB);
  });
  const mean = (a: Float32Array) => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : 0);
  const assignment = full ? maxWeightAssignment(full, nA, nB) : null;
  const assignedCosine = full && assignment ? Float32Array.from(assignment, (j, i) => (j < 0 ? NaN : full[i * nB + j])) : null;
  const matchedAbove = MATCH_THRESHOLDS.map((threshold) => ({ threshold, pairs: assignedCosine ? assignedCosine.filter((c) => c >= threshold).length : 0 }));
  return { featuresA: nA, featuresB: nB, bestAB, bestABIndex, bestBA, bestBAIndex, mmcsAB: mean(bestAB), mmcsBA: mean(bestBA), assignment, assignedCosine, matchedAbove };
}

/**
 * U_A·U_Bᵀ on ONNX Runtime (one MLAS GEMM per block of A's rows; 4,096² × 512 is 8.6·10⁹
 * multiply-adds, minutes in a JavaScript loop), handed block by block to `visit`.
 */
async function cosineBlocks(unitA: Float32Array, unitB: Float32Array, nA: number, nB: number, d: number, visit: (start: number, block: Float32Array) => void): Promise<void> {
  if (nA === 0 || nB === 0) return;
  const rows = Math.min(nA, BLOCK_ROWS);
  const a = input('a', [rows, d]);
  const b = input('b', [nB, d]);
  const session = await EngineSession.create(exportStep({ updates: [], outputs: { cos: o.matmul(a, o.transposeLast(b)) } }));
  try {
    for (let start = 0; start < nA; start += rows) {
      const take = Math.min(rows, nA - start);
      const chunk = new Float32Array(rows * d);
      chunk.set(unitA.subarray(start * d, (start + take) * d));
      const cos = (await session.run({ a: chunk, b: unitB })).cos as Float32Array;
      visit(start, cos.subarray(0, take * nB));
    }
  } finally {
    await session.dispose();
  }
}
