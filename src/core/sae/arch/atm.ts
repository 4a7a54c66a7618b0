import { z } from 'zod';
import { input, ops as o, selectedLinear, sparseDecode, state, trainStep, type StepSpec, type Tensor } from '../../engine';
import { CANDIDATES_MAX, OVERFLOW, candidatesMax, cappedSelection } from './capped';
import { activity, deadTokensField, deadTracker, f32, initialWeights, l0Of, reconstruction, rowNorms, saeParams, standardSae, stepsFor, warmup, weightedL1 } from './common';
import { firedLatents } from './sparse';
import type { ArchEntry, ArchStep, BuildContext } from './types';

/*
 * "ATM-like masking". Adaptive Temporal Masking (Li & Ren, arXiv 2510.08855) is known here only
 * from its abstract: no code or method text was available (ALGORITHMS-DETAIL.md §5). This is the
 * studio's own design after that abstract, not a reproduction; every constant is exposed.
 */
export const AtmConfig = z.object({
  l1Coefficient: z.number().nonnegative().default(0.3).describe('λ of the April-update penalty λ·Σ_i f_i‖W_dec,i‖ (as ReLU + L1)'),
  l1WarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  decoderInitNorm: z.number().positive().default(0.1),
  beta: z.number().min(0).lt(1).default(0.99).describe('EMA decay of the importance statistics (ATM-like; not from the paper)'),
  kappa: z.number().nonnegative().default(1).describe('masking threshold τ = mean(s) − κ·std(s) over features (ATM-like; not from the paper)'),
  temperature: z.number().positive().default(0.5).describe('T in the masking probability σ((τ − s_i)/T) (ATM-like; not from the paper)'),
  maskWarmupFraction: z.number().min(0).max(1).default(0.1).describe('no masking before this share of training (ATM-like; not from the paper)'),
  deadTokens: deadTokensField,
}).strict();
export type AtmConfig = z.infer<typeof AtmConfig>;

/** z-scores of one statistic over features. */
function zScores(v: Float32Array): Float64Array {
  const n = v.length;
  const mean = v.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / n) || 1;
  return Float64Array.from(v, (x) => (x - mean) / sd);
}

/**
 * The per-step keep mask from the three EMAs (ALGORITHMS-DETAIL.md §5 [studio]):
 * s_i = mean of the z-scored magnitude, frequency and reconstruction contribution; a feature
 * with s_i < τ = mean(s) − κ·std(s) is masked with probability σ((τ − s_i)/T).
 */
export function atmMask(mag: Float32Array, freq: Float32Array, rec: Float32Array, cfg: Pick<AtmConfig, 'kappa' | 'temperature'>, uniform: () => number): Float32Array {
  const [a, b, c] = [zScores(mag), zScores(freq), zScores(rec)];
  const s = Float64Array.from(a, (v, i) => (v + b[i] + c[i]) / 3);
  const mean = s.reduce((x, y) => x + y, 0) / s.length;
  const sd = Math.sqrt(s.reduce((x, y) => x + (y - mean) ** 2, 0) / s.length);
  const tau = mean - cfg.kappa * sd;
  return Float32Array.from(s, (si) => (si < tau && uniform() < 1 / (1 + Math.exp(-(tau - si) / cfg.temperature)) ? 0 : 1));
}

/** ReLU + L1 (April update) with features masked per step from running importance statistics. */
export function buildAtm(cfg: AtmConfig, ctx: BuildContext): ArchStep {
  const { d, m, steps } = ctx;
  const spec = atmStep(cfg, ctx);
  const warm = Math.round(cfg.l1WarmupFraction * steps);
  const maskFrom = Math.round(cfg.maskWarmupFraction * steps);
  const all = new Float32Array(m).fill(1);
  let mask: Float32Array = all;
  return {
    spec,
    sparse: { spec: (cap) => atmStep(cfg, ctx, cap) },
    initial: initialWeights(ctx, cfg.decoderInitNorm, false),
    feeds: (step) => ({ l1_coefficient: f32(cfg.l1Coefficient * warmup(step, warm)), feature_mask: step > maskFrom ? mask : all }),
    afterStep: ({ step, value }) => {
      if (step >= maskFrom) mask = atmMask(value('atm_magnitude'), value('atm_frequency'), value('atm_contribution'), cfg, () => ctx.rng.next());
    },
    hostState: () => ({ mask: Array.from(mask) }),
    restoreHostState: (saved) => {
      mask = Float32Array.from(saved.mask as number[]);
    },
    toSae: standardSae(d, m),
  };
}

/**
 * The step, dense or (with `cap`) on each row's kept positive pre-activations only (capped.ts):
 * the code, the penalty and the importance statistics all vanish elsewhere; the statistics'
 * batch means become per-latent sums of the kept entries.
 */
function atmStep(cfg: AtmConfig, ctx: BuildContext, cap?: number): StepSpec {
  const { d, m, B } = ctx;
  const p = saeParams(ctx, false);
  const x = input('x', [B, d]);
  const lambda = input('l1_coefficient', []);
  const keep = input('feature_mask', [m]);
  const stats = { mag: state('atm_magnitude', [m]), freq: state('atm_frequency', [m]), rec: state('atm_contribution', [m]) };
  const pre = o.add(o.matmul(o.sub(x, p.b_dec), p.W_enc), p.b_enc);
  const norms = o.reshape(rowNorms(p.W_dec), [m]);
  let f: Tensor, xHat: Tensor, l1: Tensor, l0: Tensor, firedM: Tensor;
  /** the batch mean over rows of a function of the code, per latent */
  let batchMean: (of: (fSg: Tensor) => Tensor) => Tensor;
  let extra: Record<string, Tensor>;
  if (cap === undefined) {
    f = o.mul(o.relu(pre), keep);
    xHat = o.add(o.matmul(f, p.W_dec), p.b_dec);
    l1 = weightedL1(f, norms);
    ({ l0, firedM } = activity(f));
    batchMean = (of) => o.reduceMean(of(o.stopGradient(f)), [0]);
    extra = { [CANDIDATES_MAX]: candidatesMax(f) };
  } else {
    const sel = cappedSelection(o.mul(pre, keep), cap);
    const fBK = o.mul(o.relu(selectedLinear({ x, shift: p.b_dec, w: o.transposeLast(p.W_enc), b: p.b_enc, idx: sel.idx, chosen: o.takeAlong(pre, sel.idx), weightGrad: 'sparse' })), o.gather(keep, sel.idx));
    f = fBK;
    xHat = o.add(sparseDecode(f, sel.idx, p.W_dec, 'sparse'), p.b_dec);
    l1 = o.div(o.reduceSum(o.mul(f, o.gather(norms, sel.idx))), B);
    [l0, firedM] = [l0Of(f), firedLatents(sel.idx, f, m)];
    const n = B * cap;
    batchMean = (of) => o.div(o.scatterAdd(o.reshape(sel.idx, [n]), o.reshape(of(o.stopGradient(fBK)), [n]), m), B);
    extra = { [CANDIDATES_MAX]: sel.candidatesMax, [OVERFLOW]: sel.overflow };
  }
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const ema = (s: typeof stats.mag, mean: Tensor) => [s, o.add(o.mul(cfg.beta, s), o.mul(1 - cfg.beta, mean))] as const;
  const dead = deadTracker(firedM, m, stepsFor(cfg.deadTokens, B));
  return trainStep({
    loss: o.add(mse, o.mul(lambda, l1)),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec],
    optimizer: { kind: 'adam', clipNorm: 1 },
    outputs: { mse, l1, fvu, l0, deadFraction: dead.deadFraction, maskedFraction: o.sub(1, o.reduceMean(keep)), ...extra },
    stateUpdates: [
      dead.update,
      ema(stats.mag, batchMean((fSg) => fSg)),
      ema(stats.freq, batchMean((fSg) => o.heaviside(fSg))),
      ema(stats.rec, o.mul(batchMean((fSg) => o.mul(fSg, fSg)), o.stopGradient(o.mul(norms, norms)))),
    ],
  });
}

export const atm: ArchEntry<AtmConfig> = {
  name: 'atm',
  title: 'ATM-like masking',
  description: 'ATM-like masking: the studio’s own design after the abstract of Adaptive Temporal Masking (Li & Ren 2025), not a reproduction — no code or method text was available. ReLU + L1 with features masked by running importance statistics.',
  saved: 'standard',
  schema: AtmConfig,
  build: buildAtm,
};
