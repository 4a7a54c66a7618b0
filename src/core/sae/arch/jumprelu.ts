import { z } from 'zod';
import { entriesFired, entryDecode, input, ops as o, param, selectedLinear, sparseDecode, trainStep, type StepSpec, type Tensor } from '../../engine';
import { budgetSelection } from './budget';
import { CANDIDATES_MAX, CANDIDATES_TOTAL, OVERFLOW, candidateCounts, cappedSelection } from './capped';
import { activity, deadTracker, deadTokensField, f32, initialWeights, reconstruction, saeParams, stepsFor, warmup } from './common';
import { firedLatents } from './sparse';
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
  const { d, m, steps } = ctx;
  const warm = Math.round(cfg.l0WarmupFraction * steps);
  return {
    spec: jumpReluStep(cfg, ctx),
    sparse: { spec: (cap) => jumpReluStep(cfg, ctx, { cap }), budget: (budget) => jumpReluStep(cfg, ctx, { budget }) },
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

/**
 * The step, dense or at the cost of the candidates, per row (`cap`, capped.ts) or per batch
 * (`budget`, budget.ts): the latents with z > θ − ε, which hold the active ones (z > θ) and the
 * kernel's band |z − θ| < ε/2, the only places where the pseudo-derivatives are non-zero (the
 * extra ε/2 keeps rounding from dropping a band member). The θ-gradients are then gathered per
 * candidate and summed per latent by the gather's gradient instead of a reduction over [B, m].
 */
function jumpReluStep(cfg: JumpReluConfig, ctx: BuildContext, form: { cap?: number; budget?: number } = {}): StepSpec {
  const { d, m, B } = ctx;
  const { cap, budget } = form;
  const p = saeParams(ctx, false);
  const logTheta = param('log_threshold', [m]);
  const x = input('x', [B, d]);
  const lambda = input('l0_coefficient', []);
  const eps = cfg.bandwidth;
  const centred = o.sub(x, p.b_dec);
  const zBM = o.add(o.matmul(centred, p.W_enc), p.b_enc);
  const thetaM = o.exp(logTheta);
  const score = o.add(o.sub(zBM, thetaM), eps);
  let z = zBM;
  let theta = thetaM;
  let decode = (f: Tensor) => o.matmul(f, p.W_dec);
  let extra: Record<string, Tensor> = candidateCounts(score);
  let fired = (onF: Tensor) => activity(onF).firedM;
  if (budget !== undefined) {
    const sel = budgetSelection({ centred, bDec: p.b_dec, wEnc: p.W_enc, bEnc: p.b_enc, preBM: o.stopGradient(zBM), scoreBM: o.stopGradient(score), budget });
    z = sel.z;
    theta = o.gather(thetaM, sel.entries.latents);
    decode = (f) => entryDecode(f, sel.entries, p.W_dec, B);
    extra = sel.outputs;
    fired = (onF) => entriesFired(onF, sel.entries, m);
  } else if (cap !== undefined) {
    const sel = cappedSelection(score, cap);
    z = selectedLinear({ x, shift: p.b_dec, w: o.transposeLast(p.W_enc), b: p.b_enc, idx: sel.idx, chosen: o.takeAlong(zBM, sel.idx), weightGrad: 'sparse' });
    theta = o.gather(thetaM, sel.idx);
    decode = (f) => sparseDecode(f, sel.idx, p.W_dec, 'sparse');
    extra = { [CANDIDATES_MAX]: sel.candidatesMax, [CANDIDATES_TOTAL]: sel.candidatesTotal, [OVERFLOW]: sel.overflow };
    fired = (onF) => firedLatents(sel.idx, onF, m);
  }
  // θ [m] broadcasts over the dense [B, m] z (its gradient sums over the batch); gathered, it is shaped like z.
  const toTheta = (g: Tensor) => (theta === thetaM ? o.reduceSum(g, [0]) : g);
  const on = o.greater(z, theta);
  const f = o.withGrad(o.where(on, z, 0), [z, theta], (g) => [
    o.where(on, g, 0),
    toTheta(o.mul(g, o.mul(o.div(theta, -eps), kernel(z, theta, eps)))),
  ]);
  const onF = o.cast(on, 'float32');
  const step = o.withGrad(onF, [theta], (g) => [toTheta(o.mul(g, o.mul(-1 / eps, kernel(z, theta, eps))))]);
  // mean over rows of Σ_i, as Σ / B: the same for a [B, m], [B, cap] or flat [budget] code
  const l0Penalty = o.div(o.reduceSum(step), B);
  const xHat = o.add(decode(f), p.b_dec);
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const dead = deadTracker(fired(onF), m, stepsFor(cfg.deadTokens, B));
  return trainStep({
    loss: o.add(mse, o.mul(lambda, l0Penalty)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec, logTheta],
    optimizer: { kind: 'adam', clipNorm: 1 },
    outputs: { mse, fvu, l0: o.div(o.reduceSum(onF), B), deadFraction: dead.deadFraction, ...extra },
    stateUpdates: [dead.update],
  });
}

export const jumprelu: ArchEntry<JumpReluConfig> = {
  name: 'jumprelu',
  title: 'JumpReLU',
  description: 'Learned per-feature thresholds trained with straight-through pseudo-derivatives and an L0 penalty (Rajamanoharan et al. 2024; SAELens profile: log θ, ε 0.05).',
  saved: 'jumprelu',
  schema: JumpReluConfig,
  build: buildJumpRelu,
};
