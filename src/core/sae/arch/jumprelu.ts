import { z } from 'zod';
import { input, ops as o, param, trainStep, type Tensor } from '../../engine';
import { activity, deadTracker, deadTokensField, f32, initialWeights, reconstruction, saeParams, stepsFor, warmup } from './common';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const JumpReluConfig = z.object({
  l0Coefficient: z.number().nonnegative().default(1).describe('λ of the L0 penalty λ·mean Σ_i H(z_i − θ_i) (SAELens "step" mode)'),
  l0WarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  bandwidth: z.number().positive().default(0.05).describe('ε of the rectangle kernel in the pseudo-derivatives (SAELens default 0.05; the paper and dictionary_learning use 0.001)'),
  initThreshold: z.number().positive().default(0.01).describe('starting θ (SAELens: 0.01)'),
  decoderInitNorm: z.number().positive().default(1).describe('norm of the random starting decoder rows (SAELens uses 0.1; with an unconstrained decoder the encoder then grows and θ lags behind it)'),
  deadTokens: deadTokensField,
}).strict();
export type JumpReluConfig = z.infer<typeof JumpReluConfig>;

/** K((z − θ)/ε) = 1[|z − θ| < ε/2] as float. */
const kernel = (zBM: Tensor, thetaM: Tensor, eps: number) => o.cast(o.less(o.abs(o.sub(zBM, thetaM)), eps / 2), 'float32');

/**
 * JumpReLU SAE (Rajamanoharan et al. 2024), SAELens profile (ALGORITHMS-DETAIL.md §2.5):
 * θ = exp(log_threshold) learned, f = z·1[z > θ], loss = MSE + λ·mean Σ H(z − θ), decoder
 * unconstrained. Pseudo-derivatives with a rectangle kernel: ∂f/∂z = 1[z > θ],
 * ∂f/∂θ = −(θ/ε)K, ∂H/∂θ = −(1/ε)K, and H passes nothing to z.
 */
export function buildJumpRelu(cfg: JumpReluConfig, ctx: BuildContext): ArchStep {
  const { d, m, B, steps } = ctx;
  const p = saeParams(ctx, false);
  const logTheta = param('log_threshold', [m]);
  const x = input('x', [B, d]);
  const lambda = input('l0_coefficient', []);
  const eps = cfg.bandwidth;
  const z = o.add(o.matmul(o.sub(x, p.b_dec), p.W_enc), p.b_enc);
  const theta = o.exp(logTheta);
  const on = o.greater(z, theta);
  const f = o.withGrad(o.where(on, z, 0), [z, theta], (g) => [
    o.where(on, g, 0),
    o.reduceSum(o.mul(g, o.mul(o.div(theta, -eps), kernel(z, theta, eps))), [0]),
  ]);
  const step = o.withGrad(o.cast(on, 'float32'), [theta], (g) => [o.reduceSum(o.mul(g, o.mul(-1 / eps, kernel(z, theta, eps))), [0])]);
  const l0Penalty = o.reduceMean(o.reduceSum(step, [1]));
  const xHat = o.add(o.matmul(f, p.W_dec), p.b_dec);
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const act = activity(o.cast(on, 'float32'));
  const dead = deadTracker(act.firedM, m, stepsFor(cfg.deadTokens, B));
  const spec = trainStep({
    loss: o.add(mse, o.mul(lambda, l0Penalty)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec, logTheta],
    optimizer: { kind: 'adam', clipNorm: 1 },
    outputs: { mse, fvu, l0: act.l0, deadFraction: dead.deadFraction },
    stateUpdates: [dead.update],
  });
  const warm = Math.round(cfg.l0WarmupFraction * steps);
  return {
    spec,
    initial: { ...initialWeights(ctx, cfg.decoderInitNorm, false), log_threshold: new Float32Array(m).fill(Math.log(cfg.initThreshold)) },
    feeds: (s) => ({ l0_coefficient: f32(cfg.l0Coefficient * warmup(s, warm)) }),
    toSae: (value) => ({
      architecture: 'jumprelu',
      dIn: d,
      dSae: m,
      threshold: value('log_threshold').map(Math.exp),
      W_enc: value('W_enc'),
      W_dec: value('W_dec'),
      b_enc: value('b_enc'),
      b_dec: value('b_dec'),
      applyBDecToInput: true,
    }),
  };
}

export const jumprelu: ArchEntry<JumpReluConfig> = {
  name: 'jumprelu',
  title: 'JumpReLU',
  description: 'Learned per-feature thresholds trained with straight-through pseudo-derivatives and an L0 penalty (Rajamanoharan et al. 2024; SAELens profile: log θ, ε 0.05).',
  saved: 'jumprelu',
  schema: JumpReluConfig,
  build: buildJumpRelu,
};
