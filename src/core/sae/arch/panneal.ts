import { z } from 'zod';
import { input, ops as o, trainStep, type StepSpec, type Tensor } from '../../engine';
import { deadTokensField, deadTracker, f32, initialWeights, reconstruction, saeParams, standardSae, stepsFor, unitDecoderRule, warmup, gradientClipField, optimizerFor } from './common';
import { reluCode, type CodeForm } from './relu-code';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const PAnnealConfig = z.object({
  sparsityCoefficient: z.number().nonnegative().default(0.5).describe('λ₀ of the penalty λ·mean Σ_i f_i^p'),
  sparsityWarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  pStart: z.number().positive().max(1).default(1),
  pEnd: z.number().positive().max(1).default(0.2),
  annealStartFraction: z.number().min(0).max(1).default(0.25).describe('share of training at which p starts to fall'),
  updates: z.number().int().min(2).default(10).describe('number of p values from pStart to pEnd (n_sparsity_updates)'),
  queueLength: z.number().int().positive().default(10).describe('batches in the FIFO that re-scales λ at each change of p'),
  referenceCompatible: z.boolean().default(false).describe('reproduce dictionary_learning, whose last change of p falls after the final step, so p stops one value short of pEnd (0.289 for 1 → 0.2); off, the last tenth of the anneal trains at pEnd'),
  gradientClip: gradientClipField,
  deadTokens: deadTokensField,
}).strict();
export type PAnnealConfig = z.infer<typeof PAnnealConfig>;

/** Selected, never multiplied: for p < 1 the derivative of f^p is infinite at 0 (DETAIL §1.7 gotcha). */
function powerSum(fBM: Tensor, pow: Tensor, B: number): Tensor {
  const on = o.greater(fBM, 0);
  // mean over rows of Σ_i, as Σ / B: the same for a [B, m], [B, cap] or flat [budget] code
  return o.div(o.reduceSum(o.where(on, o.pow(o.where(on, fBM, 1), pow), 0)), B);
}

/**
 * The change steps u_k (0-based, the reference's step index; p_k is used from the step after
 * u_k) and values p_k, k = 0..K−1. Reference-compatible: u_k = int(linspace(start, steps, K)), as
 * dictionary_learning, whose loop ends at steps − 1 so that u_{K−1} never comes and p stops one
 * value short of pEnd (DETAIL §1.7). Default: the anneal window [start, steps) is cut into K
 * equal parts and p_k holds for part k, so the last part trains at pEnd.
 */
export function pSchedule(cfg: PAnnealConfig, steps: number): { at: number[]; p: number[] } {
  const K = cfg.updates;
  const start = Math.round(cfg.annealStartFraction * steps);
  const lin = (a: number, b: number, i: number) => a + ((b - a) * i) / (K - 1);
  const at = cfg.referenceCompatible
    ? Array.from({ length: K }, (_, i) => Math.floor(lin(start, steps, i)))
    : Array.from({ length: K }, (_, i) => Math.max(0, start + Math.floor((i * (steps - start)) / K) - 1));
  return { at, p: Array.from({ length: K }, (_, i) => lin(cfg.pStart, cfg.pEnd, i)) };
}

/**
 * p-annealing (Karvonen et al. 2024; dictionary_learning trainers/p_anneal.py, ALGORITHMS-
 * DETAIL.md §1.7): a ReLU SAE with unit-norm decoder and penalty λ·mean Σ f^p (mode "Lp^p").
 * p steps from pStart to pEnd at K evenly spaced steps; at each change λ is multiplied by
 * mean S_p / mean S_next over a FIFO of recent batches, so the penalty keeps its size.
 * Steps count from 0 as in the reference (step t here is the reference's t − 1).
 */
export function buildPAnneal(cfg: PAnnealConfig, ctx: BuildContext): ArchStep {
  const { d, m, steps } = ctx;
  const sched = pSchedule(cfg, steps);
  const warm = Math.round(cfg.sparsityWarmupFraction * steps);
  let s = { lambda: cfg.sparsityCoefficient, p: cfg.pStart, nextP: null as number | null, queue: [] as [number, number][] };
  return {
    spec: pAnnealStep(cfg, ctx),
    sparse: { spec: (cap) => pAnnealStep(cfg, ctx, { cap }), budget: (budget) => pAnnealStep(cfg, ctx, { budget }) },
    initial: initialWeights(ctx, 1, false),
    feeds: (step) => ({
      sparsity_coefficient: f32(s.lambda * warmup(step, warm)),
      p: f32(s.p),
      p_next: f32(s.nextP ?? s.p),
    }),
    afterStep: ({ step, out }) => {
      const t = step - 1;
      if (s.nextP !== null) {
        s.queue.push([out.lp[0], out.lpNext[0]]);
        if (s.queue.length > cfg.queueLength) s.queue.shift();
      }
      const k = sched.at.indexOf(t);
      if (k === 0) s.nextP = sched.p[1];
      else if (k > 0 && s.nextP !== null) {
        const mean = (j: 0 | 1) => s.queue.reduce((a, q) => a + q[j], 0) / s.queue.length;
        if (mean(1) > 0) s.lambda *= mean(0) / mean(1);
        s.p = sched.p[k];
        s.nextP = sched.p[Math.min(k + 1, sched.p.length - 1)];
      }
    },
    hostState: () => ({ ...s }),
    restoreHostState: (saved) => {
      s = saved as typeof s;
    },
    toSae: standardSae(d, m),
  };
}

/**
 * The step, dense or on the positive pre-activations only, per row (`cap`, capped.ts) or per
 * batch (`budget`, budget.ts): f^p and its gradient vanish elsewhere, so S_p, S_next and the
 * update are the same.
 */
function pAnnealStep(cfg: PAnnealConfig, ctx: BuildContext, form: CodeForm = {}): StepSpec {
  const { d, m, B } = ctx;
  const p = saeParams(ctx, false);
  const x = input('x', [B, d]);
  const lambda = input('sparsity_coefficient', []);
  const pNow = input('p', []);
  const pNext = input('p_next', []);
  const { f, xHat, l0, firedM, extra } = reluCode(ctx, x, p, form);
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const sP = powerSum(f, pNow, B);
  const dead = deadTracker(firedM, m, stepsFor(cfg.deadTokens, B));
  return trainStep({
    loss: o.add(mse, o.mul(lambda, sP)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec],
    optimizer: optimizerFor(cfg.gradientClip),
    rules: new Map([[p.W_dec, unitDecoderRule]]),
    outputs: { mse, fvu, lp: sP, lpNext: o.stopGradient(powerSum(f, pNext, B)), l0, deadFraction: dead.deadFraction, ...extra },
    stateUpdates: [dead.update],
  });
}

export const panneal: ArchEntry<PAnnealConfig> = {
  name: 'panneal',
  title: 'p-annealing',
  description: 'ReLU SAE with an L^p penalty whose p falls from 1 to pEnd while λ is re-scaled to keep the penalty size (Karvonen et al. 2024, board-game SAEs).',
  saved: 'standard',
  schema: PAnnealConfig,
  build: buildPAnneal,
};
