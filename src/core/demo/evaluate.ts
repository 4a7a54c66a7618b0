/**
 * One evaluation for every row of the demo's table: core metrics (SAEBench, ALGORITHMS-DETAIL
 * §3.1) and the board metrics (coverage and board reconstruction, §1.4–1.5) on held-out
 * positions, for anything that maps activations to features and back — an SAE or a baseline.
 */
import type { HeldOutBoard } from '../../shared/schemas/run';
import type { SparseActivations } from '../evals/board/activations';
import { type BoardEvalResult, type FamilyAggregate, type FamilyBoardMetrics, aggregateFamilies, evaluateBoardFeatures } from '../evals/board/evaluate';
import type { BspFamily } from '../games/family';
import { type CoreMetrics, CoreMetricsAccumulator } from '../sae/metrics/core';

export interface FeatureMap {
  features: number;
  /** features f [rows, features] and reconstruction x̂ [rows, d] of raw inputs x [rows, d] */
  apply(x: Float32Array): Promise<{ f: Float32Array; xHat: Float32Array }>;
  /** Releases what `apply` holds (a compiled session); the map is not used afterwards. */
  dispose(): Promise<void>;
}

export interface HeldOut {
  x: Float32Array;
  d: number;
  rows: number;
  families: BspFamily[];
  /** row indices for the board metrics' feature labelling (train) and reconstruction (test) */
  train: Uint32Array;
  test: Uint32Array;
}

export interface Evaluation {
  core: CoreMetrics;
  board: BoardEvalResult;
  headline: FamilyAggregate;
  /** the headline family's own results (best thresholds, per-square F1) */
  headlineFamily: FamilyBoardMetrics;
}

const BATCH_ROWS = 1024;

export async function evaluateFeatures(map: FeatureMap, data: HeldOut, headline: string, onRows?: (rows: number) => void): Promise<Evaluation> {
  const acc = new CoreMetricsAccumulator(data.d, map.features);
  const csr = new CsrBuilder(map.features, data.rows);
  for (let r0 = 0; r0 < data.rows; r0 += BATCH_ROWS) {
    const r1 = Math.min(data.rows, r0 + BATCH_ROWS);
    const x = data.x.subarray(r0 * data.d, r1 * data.d);
    const { f, xHat } = await map.apply(x);
    acc.add(x, xHat, f);
    csr.append(f);
    onRows?.(r1);
  }
  const board = evaluateBoardFeatures({ acts: csr.finish(), families: data.families, train: data.train, test: data.test });
  return { core: acc.result(), board, headline: aggregateFamilies(board, [headline]), headlineFamily: board.families.find((f) => f.family === headline)! };
}

/** The headline family's board metrics as the app shows them (HeldOutBoard): one shape for runs, baselines and the demo's files. */
export function boardSummary(e: Evaluation, data: HeldOut): HeldOutBoard {
  return {
    family: e.headlineFamily.family,
    coverage: e.headline.coverage,
    coveragePositive: e.headline.coveragePositive,
    coverageAboveChance: e.headline.coverageAboveChance,
    coverageAlwaysOn: e.headlineFamily.coverage.coverageAlwaysOn,
    boardReconstruction: e.headline.reconstruction,
    trainPositions: data.train.length,
    testPositions: data.test.length,
  };
}

/** Sparse rows of the positive entries of dense batches (only values > 0 can fire, §1.3). */
class CsrBuilder {
  private readonly rowStart: Uint32Array;
  private index = new Uint32Array(1024);
  private value = new Float32Array(1024);
  private nnz = 0;
  private row = 0;

  constructor(private readonly features: number, rows: number) {
    this.rowStart = new Uint32Array(rows + 1);
  }

  append(f: Float32Array): void {
    const m = this.features;
    for (let r = 0; r < f.length / m; r++) {
      for (let i = 0; i < m; i++) {
        const v = f[r * m + i];
        if (!(v > 0)) continue;
        if (this.nnz === this.index.length) this.grow();
        this.index[this.nnz] = i;
        this.value[this.nnz++] = v;
      }
      this.rowStart[++this.row] = this.nnz;
    }
  }

  finish(): SparseActivations {
    return { rowStart: this.rowStart, index: this.index.slice(0, this.nnz), value: this.value.slice(0, this.nnz), features: this.features };
  }

  private grow(): void {
    const index = new Uint32Array(this.index.length * 2);
    const value = new Float32Array(this.value.length * 2);
    index.set(this.index);
    value.set(this.value);
    this.index = index;
    this.value = value;
  }
}
