import { z } from 'zod';
import { input, ops as o, trainStep } from '../../engine';
import { activity, deadTokensField, deadTracker, f32, gradientClipField, initialWeights, optimizerFor, reconstruction, saeParams, standardSae, stepsFor, unitDecoderRule, warmup } from './common';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const L1Config = z.object({
  l1Coefficient: z.number().nonnegative().default(0.1).describe('λ of the penalty λ·mean Σ_i f_i (the decoder rows are unit, so no norm weighting)'),
  l1WarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  gradientClip: gradientClipField,
  deadTokens: deadTokensField,
}).strict();
export type L1Config = z.infer<typeof L1Config>;

/**
 * The plain L1 SAE of the board-game paper's "standard" arm (dictionary_learning
 * `StandardTrainer` with `AutoEncoder`, ALGORITHMS-DETAIL §1.7, §2.2): f = ReLU((x − b_dec)W_enc +
 * b_enc), loss MSE + λ·mean Σ f, decoder rows kept at unit norm by ConstrainedAdam (no gradient
 * clipping by default). The encoder starts at 0.1 × W_decᵀ, as the reference's columns of norm 0.1
 * whose decoder copy its first step brings to norm 1.
 */
export function buildL1(cfg: L1Config, ctx: BuildContext): ArchStep {
  const { d, m, B, steps } = ctx;
  const p = saeParams(ctx, false);
  const x = input('x', [B, d]);
  const lambda = input('l1_coefficient', []);
  const f = o.relu(o.add(o.matmul(o.sub(x, p.b_dec), p.W_enc), p.b_enc));
  const xHat = o.add(o.matmul(f, p.W_dec), p.b_dec);
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const l1 = o.div(o.reduceSum(f), B);
  const act = activity(f);
  const dead = deadTracker(act.firedM, m, stepsFor(cfg.deadTokens, B));
  const spec = trainStep({
    loss: o.add(mse, o.mul(lambda, l1)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec],
    optimizer: optimizerFor(cfg.gradientClip),
    rules: new Map([[p.W_dec, unitDecoderRule]]),
    outputs: { mse, l1, fvu, l0: act.l0, deadFraction: dead.deadFraction },
    stateUpdates: [dead.update],
  });
  const initial = initialWeights(ctx, 1, false);
  for (let i = 0; i < initial.W_enc.length; i++) initial.W_enc[i] *= 0.1;
  const warm = Math.round(cfg.l1WarmupFraction * steps);
  return {
    spec,
    initial,
    feeds: (step) => ({ l1_coefficient: f32(cfg.l1Coefficient * warmup(step, warm)) }),
    toSae: standardSae(d, m),
  };
}

export const l1: ArchEntry<L1Config> = {
  name: 'l1',
  title: 'ReLU + L1 (unit-norm decoder)',
  description: 'The plain L1 SAE of the board-game paper: penalty λ·Σ f_i with decoder rows held at unit norm by ConstrainedAdam (dictionary_learning StandardTrainer; Karvonen et al. 2024 baseline).',
  saved: 'standard',
  schema: L1Config,
  build: buildL1,
};
