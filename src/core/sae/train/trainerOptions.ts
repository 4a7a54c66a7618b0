import type { SessionOptions } from '../../engine';

/** Engine session settings (provider, threads) and how many optimizer steps one engine call runs. */
export interface TrainerOptions extends SessionOptions {
  /** SAELens cfg.json metadata for the saved SAE (model and hook names, context size: checkpoint/metadata.ts) */
  metadata?: Record<string, unknown>;
  /**
   * Optimizer steps per engine call (default DEFAULT_STEPS_PER_CALL). Above 1 the step runs K
   * times inside one ONNX Loop (engine Program `steps`): the weights and Adam moments cross the
   * host boundary once per K batches, so on a GPU they stay on the device, and on the CPU the
   * per-call overhead and output copies are paid once per K steps. The copies are what cost at
   * large widths: at d = 768, m = 16384 the six [m, d] tensors are 300 MB a call. Measured with
   * huge pages, interleaved, K = 8 against 4: level at d = 512, m = 4096; 7–15% faster (TopK,
   * ReLU-L1) at d = 768, m = 16384, where 16 was no faster than 8; started without glibc's huge
   * pages tunable, K = 4 lost 20–25% there. Architectures with host work after each step
   * (ReLU-L1 with resampling, p-annealing, ATM) always run one step per call.
   */
  stepsPerCall?: number;
  /**
   * Whether an architecture with a sparse-aware step (ReLU-L1, JumpReLU) may run it once its
   * code is sparse enough (default true; false keeps the dense step, for comparisons).
   */
  sparseSteps?: boolean;
  /** the width-to-cap ratio from which the sparse step runs (default SPARSE_WIDTH_PER_CAP, measured; tests and benches set it) */
  sparseWidthPerCap?: number;
  /**
   * Whether the per-batch budget form runs where the architecture has it (ReLU-L1, JumpReLU, p-annealing),
   * in place of the per-row cap (default true; false keeps the cap, for comparisons).
   */
  sparseBudget?: boolean;
  /** the width to budget-per-row ratio from which the budget form runs (default SPARSE_WIDTH_PER_ENTRY, measured; tests and benches set it) */
  sparseWidthPerEntry?: number;
}

export const DEFAULT_STEPS_PER_CALL = 8;

/** The scalars a step reports: `loss` and the architecture's terms (mse, l0, fvu, deadFraction, …). */
export type StepMetrics = { step: number; lr: number } & Record<string, number>;
