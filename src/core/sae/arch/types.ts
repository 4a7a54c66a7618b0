import type { z } from 'zod';
import type { StepSpec } from '../../engine';
import type { Rng } from '../../io/rng';
import type { Sae, SaeArchitecture } from '../checkpoint/sae';

/** Sizes and starting values every architecture builder receives. */
export interface BuildContext {
  /** input dimension d */
  d: number;
  /** dictionary width m */
  m: number;
  /** rows per training batch B (fixed: the step is compiled for it) */
  B: number;
  /** total optimizer steps planned (schedules are fractions of it) */
  steps: number;
  /** b_dec's starting value: the data mean or geometric median (in the space the SAE trains in) */
  bDec: Float32Array;
  /** seeded stream for initial weights and host-side randomness (masks, resampling) */
  rng: Rng;
  /**
   * Set when the SAE trains on whitened rows: W⁻¹ transposed, [d, d] row-major, so the loss and
   * live metrics are taken in the original space (absent: in the space the SAE reads).
   */
  unwhiten?: { WinvT: Float32Array };
}

/** What the host sees after a step: the step's results, the held values, and the batch. */
export interface StepView {
  /** 1-based optimizer step just taken */
  step: number;
  out: Readonly<Record<string, Float32Array>>;
  value(name: string): Float32Array;
  set(name: string, data: Float32Array): void;
  batch: Float32Array;
}

/**
 * One architecture's compiled-step recipe. Everything that changes during training without
 * changing the graph (λ warm-up, p, ATM masks, EMA rates) is fed through `feeds`.
 */
export interface ArchStep {
  spec: StepSpec;
  initial: Record<string, Float32Array>;
  /** per-step inputs besides `x`, `lr` and `step`, for the 1-based step about to run */
  feeds(step: number): Record<string, Float32Array>;
  /**
   * A cheaper step that makes exactly the same update while `applies` holds for the next
   * `steps` steps (TopK and BatchTopK without AuxK while no latent can be dead: AuxK is then 0
   * with no gradient, and it costs as much as the rest of the step). The trainer runs it then.
   */
  lean?: { spec: StepSpec; applies(steps: number, value: (name: string) => Float32Array): boolean };
  /**
   * The same step at the cost of the active latents, compiled for at most `cap` candidates per
   * row (ReLU-L1, JumpReLU; arch/capped.ts). Its results add `overflow` (1 when a row may hold
   * more: the trainer then redoes the call with the dense step) and `candidatesMax`, which the
   * dense step reports too, so the trainer can pick the cap and the form (train/sparseSwitch.ts).
   * `budget`, where an architecture has it, is the same step compiled for at most `budget`
   * candidate (row, latent) entries in the whole batch (arch/budget.ts); it reports
   * `candidatesTotal` and `overflow` the same way, and the trainer prefers it to the cap.
   */
  sparse?: { spec(cap: number): StepSpec; budget?(budget: number): StepSpec };
  /** host work after a step: FIFO queues, resampling */
  afterStep?(view: StepView): void;
  /** host-side schedule state to keep in trainer_state.json (must be JSON) */
  hostState?(): Record<string, unknown>;
  restoreHostState?(state: Record<string, unknown>): void;
  /** the SAE in SAELens conventions from the current held values */
  toSae(value: (name: string) => Float32Array): Pick<Sae, 'architecture' | 'dIn' | 'dSae' | 'W_enc' | 'W_dec' | 'b_enc' | 'b_dec' | 'applyBDecToInput' | 'threshold' | 'k' | 'gate'>;
}

/** A registry entry: one architecture, its documented config and its step builder. */
export interface ArchEntry<C = unknown> {
  name: string;
  /** one line for menus */
  title: string;
  /** where the method comes from, and any caveat the analyst must see */
  description: string;
  /** the SAELens architecture its checkpoint is saved as */
  saved: SaeArchitecture;
  schema: z.ZodType<C>;
  build(config: C, ctx: BuildContext): ArchStep;
}
