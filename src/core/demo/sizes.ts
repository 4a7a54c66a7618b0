/**
 * The demo's two sizes. `tiny` is what CI runs (about two minutes on 2 cores), `small` the
 * default an analyst runs first (at most fifteen minutes on 2 cores): the same stages, fewer
 * games and steps. Widths are a multiple of the model width d: the paper sweeps 8·d and 16·d;
 * 4·d keeps the small demo's twelve SAEs inside its time.
 */
export type DemoSize = 'tiny' | 'small';
export const DEMO_SIZES: readonly DemoSize[] = ['tiny', 'small'];

export interface DemoPlan {
  /** Othello: games generated (seeded); chess: the first games of the bundled PGN file read */
  games: number;
  /**
   * share of the rows the SAEs train on; the rest (whole later games) is held out for the
   * core metrics and for the board metrics, whose own train/test halves split it by game
   */
  trainFraction: number;
  /** dictionary width as a multiple of d */
  widthFactor: number;
  steps: number;
  batchSize: number;
  /**
   * sparsity levels of ReLU-L1 and p-annealing, the two compared at matched L0 (sweep.ts):
   * 2 or 3; every other architecture trains at one level
   */
  comparedLevels: 2 | 3;
  /** fallback model when the shipped one is missing: its training steps and batch of games */
  modelSteps: number;
  modelBatch: number;
}

export const DEMO_PLANS: Record<DemoSize, DemoPlan> = {
  tiny: { games: 400, trainFraction: 0.6, widthFactor: 4, steps: 160, batchSize: 256, comparedLevels: 2, modelSteps: 150, modelBatch: 32 },
  small: { games: 2000, trainFraction: 0.7, widthFactor: 4, steps: 3600, batchSize: 256, comparedLevels: 3, modelSteps: 600, modelBatch: 64 },
};

/**
 * Rows and games the SAEs' benchmark metrics read (sparse probing and absorption: rows per split;
 * CE loss recovered: games through the spliced model): SAEBench's 4000 + 1000 rows in `small`,
 * fewer in `tiny`, whose 160 steps train nothing worth measuring finely.
 */
export function benchmarkSizes(plan: DemoPlan): { probeRows: { train: number; test: number }; splicedGames: number } {
  return plan.steps < 1000 ? { probeRows: { train: 1000, test: 400 }, splicedGames: 8 } : { probeRows: { train: 4000, test: 1000 }, splicedGames: 32 };
}
