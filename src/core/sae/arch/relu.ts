import { z } from 'zod';
import { input, ops as o, trainStep, type StepSpec } from '../../engine';
import { deadTokensField, deadTracker, f32, initialWeights, reconstruction, rowNorms, saeParams, standardSae, stepsFor, warmup, weightedL1 } from './common';
import { reluCode, type CodeForm } from './relu-code';
import type { ArchEntry, ArchStep, BuildContext, StepView } from './types';

export const ReluConfig = z.object({
  l1Coefficient: z.number().nonnegative().default(0.3).describe('λ of the penalty λ·Σ_i f_i·‖W_dec,i‖ (Anthropic April update)'),
  l1WarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  decoderInitNorm: z.number().positive().default(0.1).describe('norm of the random starting decoder rows (SAELens decoder_init_norm)'),
  resampleEvery: z.number().int().nonnegative().default(0).describe('resample dead latents every this many steps (0: never; Towards Monosemanticity)'),
  deadTokens: deadTokensField,
}).strict();
export type ReluConfig = z.infer<typeof ReluConfig>;

/**
 * ReLU SAE with the decoder-norm-weighted L1 penalty (Anthropic "April update";
 * dictionary_learning StandardTrainerAprilUpdate): the decoder is unconstrained and the
 * penalty λ·mean_b Σ_i f_i‖W_dec,i‖ makes shrinking features by growing decoder rows useless.
 */
export function buildRelu(cfg: ReluConfig, ctx: BuildContext): ArchStep {
  const { d, m, steps } = ctx;
  const warm = Math.round(cfg.l1WarmupFraction * steps);
  return {
    spec: reluStep(cfg, ctx),
    // Resampling rewrites rows between steps from the dense rowErr; it keeps the dense step.
    sparse: cfg.resampleEvery > 0 ? undefined : { spec: (cap) => reluStep(cfg, ctx, { cap }), budget: (budget) => reluStep(cfg, ctx, { budget }) },
    initial: initialWeights(ctx, cfg.decoderInitNorm, false),
    feeds: (step) => ({ l1_coefficient: f32(cfg.l1Coefficient * warmup(step, warm)) }),
    afterStep: cfg.resampleEvery > 0 ? (view) => view.step % cfg.resampleEvery === 0 && resampleDead(view, ctx, cfg.resampleEvery) : undefined,
    toSae: standardSae(d, m),
  };
}

/**
 * The step, dense or at the cost of the active latents: with `cap`, the ≤ cap positive
 * pre-activations of each row (capped.ts); with `budget`, the batch's ≤ budget positive
 * (row, latent) entries (budget.ts). The encoder's product is dense; the decoder, the sampled
 * gradient of the code and both weight gradients read only those. Same update every way.
 */
function reluStep(cfg: ReluConfig, ctx: BuildContext, form: CodeForm = {}): StepSpec {
  const { d, m, B } = ctx;
  const p = saeParams(ctx, false);
  const x = input('x', [B, d]);
  const lambda = input('l1_coefficient', []);
  const normsM = o.reshape(rowNorms(p.W_dec), [m]);
  const { f, xHat, l0, extra, firedM, latents } = reluCode(ctx, x, p, form);
  // λ·mean_b Σ_i f_i‖W_dec,i‖, over the entries a sparse code keeps
  const l1 = latents ? o.div(o.reduceSum(o.mul(f, o.gather(normsM, latents))), B) : weightedL1(f, normsM);
  const { mse, fvu, err } = reconstruction(ctx, x, xHat);
  const dead = deadTracker(firedM, m, stepsFor(cfg.deadTokens, B));
  const outputs = { mse, l1, fvu, l0, deadFraction: dead.deadFraction, ...extra, ...(cfg.resampleEvery > 0 ? { rowErr: o.reduceSum(o.mul(err, err), [1]) } : {}) };
  return trainStep({
    loss: o.add(mse, o.mul(lambda, l1)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec],
    optimizer: { kind: 'adam', clipNorm: 1 },
    outputs,
    stateUpdates: [dead.update],
  });
}

/**
 * Dead-latent resampling (Towards Monosemanticity; dictionary_learning `resample_neurons`,
 * ALGORITHMS-DETAIL.md §2.2): latents silent for more than half the period get a batch input v
 * drawn with probability ∝ ‖x − x̂‖: decoder row v/‖v‖, encoder column v·0.2·(mean alive encoder
 * norm), b_enc 0, and their Adam moments zeroed. v is taken centred on b_dec, the space the
 * encoder reads.
 */
function resampleDead(view: StepView, ctx: BuildContext, period: number): void {
  const { d, m } = ctx;
  const since = view.value('steps_since_fired');
  const dead: number[] = [];
  for (let i = 0; i < m; i++) if (since[i] > period / 2) dead.push(i);
  if (dead.length === 0) return;
  const rowErr = view.out.rowErr;
  const rows = rowErr.length;
  const weights = Array.from(rowErr, (e) => Math.sqrt(Math.max(e, 0)));
  const W_enc = view.value('W_enc').slice();
  const W_dec = view.value('W_dec').slice();
  const b_enc = view.value('b_enc').slice();
  const b_dec = view.value('b_dec');
  let aliveNorm = 0;
  for (let i = 0; i < m; i++) {
    if (since[i] > period / 2) continue;
    let s = 0;
    for (let j = 0; j < d; j++) s += W_enc[j * m + i] ** 2;
    aliveNorm += Math.sqrt(s);
  }
  aliveNorm = m > dead.length ? aliveNorm / (m - dead.length) : 1;
  const picks = sampleWithoutReplacement(weights, Math.min(dead.length, rows), ctx);
  const moments = ['W_enc.mSum', 'W_enc.vSum', 'W_dec.mSum', 'W_dec.vSum', 'b_enc.mSum', 'b_enc.vSum'].map((n) => [n, view.value(n).slice()] as const);
  picks.forEach((r, n) => {
    const i = dead[n];
    const v = Float64Array.from({ length: d }, (_, j) => view.batch[r * d + j] - b_dec[j]);
    const norm = Math.hypot(...v) || 1;
    for (let j = 0; j < d; j++) {
      W_dec[i * d + j] = v[j] / norm;
      W_enc[j * m + i] = (v[j] / norm) * 0.2 * aliveNorm;
    }
    b_enc[i] = 0;
    for (const [name, arr] of moments) {
      if (name.startsWith('W_enc')) for (let j = 0; j < d; j++) arr[j * m + i] = 0;
      else if (name.startsWith('W_dec')) arr.fill(0, i * d, (i + 1) * d);
      else arr[i] = 0;
    }
  });
  view.set('W_enc', W_enc);
  view.set('W_dec', W_dec);
  view.set('b_enc', b_enc);
  for (const [name, arr] of moments) view.set(name, arr);
  const nextSince = since.slice();
  for (const i of dead.slice(0, picks.length)) nextSince[i] = 0;
  view.set('steps_since_fired', nextSince);
}

/** `count` distinct indices drawn with probability ∝ weights (all equal when every weight is 0). */
function sampleWithoutReplacement(weights: number[], count: number, ctx: BuildContext): number[] {
  const w = weights.every((v) => v <= 0) ? weights.map(() => 1) : weights.slice();
  const picked: number[] = [];
  for (let n = 0; n < count; n++) {
    const total = w.reduce((a, b) => a + b, 0);
    if (total <= 0) break;
    let u = ctx.rng.next() * total;
    let r = 0;
    while (r < w.length - 1 && (u -= w[r]) >= 0) r++;
    picked.push(r);
    w[r] = 0;
  }
  return picked;
}

export const relu: ArchEntry<ReluConfig> = {
  name: 'relu',
  title: 'ReLU + L1 (decoder-norm weighted)',
  description: 'ReLU SAE with the April-update L1 penalty λ·Σ f_i‖W_dec,i‖, λ warm-up and optional dead-latent resampling (Anthropic 2024; dictionary_learning).',
  saved: 'standard',
  schema: ReluConfig,
  build: buildRelu,
};
