import { z } from 'zod';
import { constant, ops as o, param, state, type OptimizerConfig, type ParamRule, type Tensor } from '../../engine';
import type { ArchStep, BuildContext } from './types';

/*
 * Pieces every architecture shares (ALGORITHMS.md §1 "Common", ALGORITHMS-DETAIL.md §2.1).
 * Engine layout: W_enc is [d, m] for the dense architectures and [m, d] ("W_encT", one row per
 * latent) for TopK/BatchTopK, whose gathers read whole latent rows; W_dec is [m, d] everywhere.
 */

const EPS = 1e-12;

/** ‖row‖ of a [m, d] matrix, keeping the axis: [m, 1]. */
export const rowNorms = (w: Tensor): Tensor => o.sqrt(o.add(o.reduceSum(o.mul(w, w), [1], true), EPS));

/**
 * Unit-norm decoder rows kept by a ParamRule (dictionary_learning's ConstrainedAdam, Gao et al.
 * 2024 §A): the gradient component parallel to each row is removed before the Adam update and
 * the rows are renormalised after it. Rows are unit on entry to every step (they start unit and
 * are renormalised after each update), so the projection needs no division by ‖w‖²: the step
 * is memory-bound on these [m, d] passes.
 */
export const unitDecoderRule: ParamRule = {
  grad: (g, w) => o.sub(g, o.mul(o.reduceSum(o.mul(g, w), [1], true), w)),
  after: (next) => o.div(next, rowNorms(next)),
};

/** Starting weights: random decoder rows of norm `decoderNorm`, W_enc = W_decᵀ, b_enc = 0, b_dec from the data. */
export function initialWeights(ctx: BuildContext, decoderNorm: number, encoderRows: boolean): Record<'W_enc' | 'W_dec' | 'b_enc' | 'b_dec', Float32Array> {
  const { d, m, rng } = ctx;
  const W_dec = new Float32Array(m * d);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const v = rng.normal();
      W_dec[i * d + j] = v;
      s += v * v;
    }
    const scale = decoderNorm / Math.sqrt(s);
    for (let j = 0; j < d; j++) W_dec[i * d + j] *= scale;
  }
  const W_enc = encoderRows ? W_dec.slice() : transposeMD(W_dec, m, d);
  return { W_enc, W_dec, b_enc: new Float32Array(m), b_dec: ctx.bDec.slice() };
}

/** [rows, cols] → [cols, rows], row-major. */
export function transposeMD(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = a[r * cols + c];
  return out;
}

/** The four standard parameters as graph leaves. */
export function saeParams(ctx: BuildContext, encoderRows: boolean) {
  const { d, m } = ctx;
  return {
    W_enc: param(encoderRows ? 'W_encT' : 'W_enc', encoderRows ? [m, d] : [d, m]),
    b_enc: param('b_enc', [m]),
    W_dec: param('W_dec', [m, d]),
    b_dec: param('b_dec', [d]),
  };
}

/**
 * MSE as the reference trainers minimise it (mean over the batch of ‖x − x̂‖², DETAIL §2.2) and
 * the batch's fraction of variance unexplained Σ‖x − x̂‖² / Σ‖x − x̄‖² for live metrics.
 * With `ctx.unwhiten` the SAE reads whitened rows but both are measured in the original space:
 * the un-whitening map is affine, so x − x̂ there is (x_w − x̂_w)·W⁻ᵀ (DETAIL §4: whitening
 * reparameterises the SAE, it does not change the objective). `err` stays in the SAE's space,
 * where AuxK and resampling read it.
 */
export function reconstruction(ctx: BuildContext, x: Tensor, xHat: Tensor): { mse: Tensor; fvu: Tensor; err: Tensor } {
  const err = o.sub(x, xHat);
  let [e, centred] = [err, o.sub(x, o.reduceMean(x, [0], true))];
  if (ctx.unwhiten) {
    const WinvT = constant(ctx.unwhiten.WinvT, [ctx.d, ctx.d]);
    [e, centred] = [o.matmul(e, WinvT), o.matmul(centred, WinvT)];
  }
  const sq = o.reduceSum(o.mul(e, e));
  return { err, mse: o.div(sq, x.shape[0]), fvu: o.div(sq, o.add(o.reduceSum(o.mul(centred, centred)), EPS)) };
}

/**
 * Dead-latent tracking (DETAIL §2.3): steps since each latent last fired, carried as state; a
 * latent is dead after `windowSteps` steps without firing.
 */
export function deadTracker(firedM: Tensor, m: number, windowSteps: number) {
  const name = 'steps_since_fired';
  const since = state(name, [m]);
  const next = o.where(firedM, 0, o.add(since, 1));
  const deadM = o.greater(since, windowSteps - 0.5);
  /** Whether no latent can count as dead in the next `steps` steps, from the held counters. */
  const noneDeadWithin = (steps: number, value: (name: string) => Float32Array): boolean => {
    let most = 0;
    for (const v of value(name)) most = Math.max(most, v);
    // step j of the next ones sees at most most + j ≤ most + steps − 1 steps without firing
    return most + steps <= windowSteps;
  };
  return { update: [since, next] as const, deadM, noneDeadWithin, deadFraction: o.reduceMean(o.cast(o.greater(next, windowSteps - 0.5), 'float32')) };
}

/** The saved form of a plain ReLU-encoder SAE (ReLU-L1 and its variants): SAELens `standard`. */
export const standardSae = (d: number, m: number): ArchStep['toSae'] => (value) => ({ architecture: 'standard', dIn: d, dSae: m, W_enc: value('W_enc'), W_dec: value('W_dec'), b_enc: value('b_enc'), b_dec: value('b_dec'), applyBDecToInput: true });

/** Mean number of non-zero entries per row of f [B, m] (or of the kept values [B, k]). */
export const l0Of = (f: Tensor): Tensor => o.reduceMean(o.reduceSum(o.heaviside(f), [1]));

/**
 * L0 and the latents that fired, from one pass over a dense code f [B, m]: the per-latent
 * firing counts give both (the step is memory-bound outside its matmuls).
 */
export function activity(f: Tensor): { l0: Tensor; firedM: Tensor } {
  const counts = o.reduceSum(o.heaviside(f), [0]);
  return { l0: o.div(o.reduceSum(counts), f.shape[0]), firedM: o.greater(counts, 0) };
}

/** mean_b Σ_i f_bi·w_i computed as (Σ_b f_bi)·w: one reduction over f instead of a product and a reduction. */
export const weightedL1 = (f: Tensor, wM: Tensor): Tensor => o.div(o.reduceSum(o.mul(o.reduceSum(f, [0]), wM)), f.shape[0]);

/** A scalar fed per step. */
export const f32 = (v: number): Float32Array => Float32Array.of(v);

/** Steps a token window covers at batch size B (at least one). */
export const stepsFor = (tokens: number, B: number): number => Math.max(1, Math.ceil(tokens / B));

/** Linear warm-up factor min(step / warmup, 1); 1 when warmup is 0. */
export const warmup = (step: number, steps: number): number => (steps > 0 ? Math.min(step / steps, 1) : 1);

/** Config fields shared by several architectures. */
export const penaltyWarmupField = z.number().int().nonnegative().default(0).describe('steps over which the sparsity coefficient ramps linearly from 0');
export const deadTokensField = z.number().int().positive().default(10_000_000).describe('a latent that has not fired for this many tokens counts as dead');

/**
 * Global gradient-norm clip. dictionary_learning's ConstrainedAdam trainers (plain L1, Gated,
 * p-annealing) do not clip; SAELens and its TopK/JumpReLU trainers clip at 1.
 */
export const gradientClipField = z.number().nonnegative().default(0).describe('clip the global gradient norm at this value before Adam (0: no clipping, as dictionary_learning\'s ConstrainedAdam; 1: SAELens)');

/** Adam, clipped when `clip` > 0. */
export const optimizerFor = (clip: number): OptimizerConfig => (clip > 0 ? { kind: 'adam', clipNorm: clip } : { kind: 'adam' });
