import { z } from 'zod';
import { input, ops as o, param, selectedLinear, sparseDecode, trainStep, type StepSpec, type Tensor } from '../../engine';
import { CANDIDATES_MAX, OVERFLOW, candidatesMax, cappedSelection } from './capped';
import { activity, deadTracker, deadTokensField, f32, initialWeights, l0Of, reconstruction, saeParams, stepsFor, unitDecoderRule, warmup, gradientClipField, optimizerFor } from './common';
import { firedLatents } from './sparse';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const GatedConfig = z.object({
  l1Coefficient: z.number().nonnegative().default(0.5).describe('λ of the gate penalty λ·Σ_i ReLU(π_gate,i)'),
  l1WarmupFraction: z.number().min(0).max(1).default(0.05).describe('share of training over which λ ramps linearly from 0'),
  gradientClip: gradientClipField.default(1).describe('clip the global gradient norm at this value before Adam (default 1; 0 is the dictionary_learning reference, whose ConstrainedAdam does not clip: on the toy benchmark at lr 3e-3 it recovers 0.77 MMCS instead of ≥ 0.9)'),
  deadTokens: deadTokensField,
}).strict();
export type GatedConfig = z.infer<typeof GatedConfig>;

/**
 * Gated SAE (Rajamanoharan et al. 2024a), dictionary_learning profile (ALGORITHMS-DETAIL.md
 * §2.6): π_gate = x̃W + b_gate, π_mag = x̃W·exp(r_mag) + b_mag, f = 1[π_gate > 0]·ReLU(π_mag);
 * unit-norm decoder; loss = MSE + λ·Σ ReLU(π_gate) + ‖x − (ReLU(π_gate)·sg(W_dec) + sg(b_dec))‖²,
 * the auxiliary term reading a stop-gradient copy of the decoder.
 */
export function buildGated(cfg: GatedConfig, ctx: BuildContext): ArchStep {
  const { d, m, steps } = ctx;
  const spec = gatedStep(cfg, ctx);
  const warm = Math.round(cfg.l1WarmupFraction * steps);
  return {
    spec,
    sparse: { spec: (cap) => gatedStep(cfg, ctx, cap) },
    initial: { ...initialWeights(ctx, 1, false), r_mag: new Float32Array(m), b_mag: new Float32Array(m) },
    feeds: (s) => ({ l1_coefficient: f32(cfg.l1Coefficient * warmup(s, warm)) }),
    toSae: (value) => ({
      architecture: 'gated',
      dIn: d,
      dSae: m,
      W_enc: value('W_enc'),
      W_dec: value('W_dec'),
      b_enc: value('b_enc'),
      b_dec: value('b_dec'),
      gate: { r_mag: value('r_mag'), b_mag: value('b_mag') },
      applyBDecToInput: true,
    }),
  };
}

/**
 * The step, dense or (with `cap`) on each row's open gates π_gate > 0 only (capped.ts): f, the
 * gate penalty, the auxiliary decode and every gradient vanish where the gate is shut. π_mag
 * reuses the gathered projection: (π_gate − b_gate)·exp(r_mag) + b_mag.
 */
function gatedStep(cfg: GatedConfig, ctx: BuildContext, cap?: number): StepSpec {
  const { d, m, B } = ctx;
  const p = saeParams(ctx, false);
  const rMag = param('r_mag', [m]);
  const bMag = param('b_mag', [m]);
  const x = input('x', [B, d]);
  const lambda = input('l1_coefficient', []);
  const proj = o.matmul(o.sub(x, p.b_dec), p.W_enc);
  let piGate = o.add(proj, p.b_enc);
  let piMag = o.add(o.mul(proj, o.exp(rMag)), bMag);
  let decode = (c: Tensor, w: Tensor) => o.matmul(c, w);
  let extra: Record<string, Tensor> = { [CANDIDATES_MAX]: candidatesMax(piGate) };
  let fired = (f: Tensor) => activity(f);
  if (cap !== undefined) {
    const sel = cappedSelection(piGate, cap);
    const at = (vM: Tensor) => o.gather(vM, sel.idx);
    piGate = selectedLinear({ x, shift: p.b_dec, w: o.transposeLast(p.W_enc), b: p.b_enc, idx: sel.idx, chosen: sel.scores, weightGrad: 'sparse' });
    piMag = o.add(o.mul(o.sub(piGate, at(p.b_enc)), at(o.exp(rMag))), at(bMag));
    decode = (c, w) => sparseDecode(c, sel.idx, w, 'sparse');
    extra = { [CANDIDATES_MAX]: sel.candidatesMax, [OVERFLOW]: sel.overflow };
    fired = (f) => ({ l0: l0Of(f), firedM: firedLatents(sel.idx, f, m) });
  }
  const open = o.greater(piGate, 0);
  const f = o.where(open, o.relu(piMag), 0);
  const xHat = o.add(decode(f, p.W_dec), p.b_dec);
  const { mse, fvu } = reconstruction(ctx, x, xHat);
  const gate = o.relu(piGate);
  const sparsity = o.reduceMean(o.reduceSum(gate, [1]));
  const auxErr = o.sub(x, o.add(decode(gate, o.stopGradient(p.W_dec)), o.stopGradient(p.b_dec)));
  const aux = o.reduceMean(o.reduceSum(o.mul(auxErr, auxErr), [1]));
  const act = fired(f);
  const dead = deadTracker(act.firedM, m, stepsFor(cfg.deadTokens, B));
  return trainStep({
    loss: o.add(o.add(mse, o.mul(lambda, sparsity)), aux),
    params: [p.W_enc, p.b_enc, p.W_dec, p.b_dec, rMag, bMag],
    optimizer: optimizerFor(cfg.gradientClip),
    rules: new Map([[p.W_dec, unitDecoderRule]]),
    outputs: { mse, fvu, sparsity, aux, l0: act.l0, deadFraction: dead.deadFraction, ...extra },
    stateUpdates: [dead.update],
  });
}

export const gated: ArchEntry<GatedConfig> = {
  name: 'gated',
  title: 'Gated',
  description: 'Separate gate and magnitude paths sharing encoder directions; L1 on the gate with an auxiliary reconstruction through a frozen decoder copy (Rajamanoharan et al. 2024a).',
  saved: 'gated',
  schema: GatedConfig,
  build: buildGated,
};
