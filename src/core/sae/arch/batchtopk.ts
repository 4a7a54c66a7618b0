import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { input, ops as o, selectedLinear, sparseDecode, state, type Tensor } from '../../engine';
import { deadTracker, deadTokensField, f32, initialWeights, l0Of, reconstruction, saeParams, stepsFor, transposeMD } from './common';
import { auxKFields, choosingPass, firedLatents, sparseFields, auxKTrainSteps } from './sparse';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const BatchTopKConfig = z.object({
  k: z.number().int().positive().default(32).describe('mean active latents per row: the batch keeps its B·k largest activations'),
  rowCapFactor: z.number().min(1).default(4).describe('a row keeps at most ceil(factor·k) latents; the selection is exact unless one row holds more of the batch top B·k'),
  thresholdStartFraction: z.number().min(0).max(1).default(0.1).describe('share of training after which the inference threshold θ starts its EMA'),
  thresholdDecay: z.number().min(0).lt(1).default(0.999).describe('EMA decay β of θ (dictionary_learning)'),
  ...auxKFields,
  ...sparseFields,
  deadTokens: deadTokensField,
}).strict();
export type BatchTopKConfig = z.infer<typeof BatchTopKConfig>;

/**
 * BatchTopK (Bussmann et al. 2024; dictionary_learning profile, ALGORITHMS-DETAIL.md §2.4): the
 * B·k largest post-ReLU activations of the whole batch are kept. θ, the EMA of the smallest
 * kept activation, is the inference threshold f = a·1[a > θ], saved as a jumprelu threshold.
 * To decode sparsely each row first keeps its top ceil(rowCapFactor·k) candidates, then the
 * batch threshold is taken over those.
 */
export function buildBatchTopK(cfg: BatchTopKConfig, ctx: BuildContext): ArchStep {
  const { d, m, B, steps } = ctx;
  const cap = Math.min(m, Math.ceil(cfg.rowCapFactor * cfg.k));
  if (cfg.k > m) throw new StudioError('bad-input', `k=${cfg.k} exceeds the width ${m}`, 'arch.k');
  const p = saeParams(ctx, true);
  const x = input('x', [B, d]);
  const rate = input('threshold_rate', []);
  const theta = state('threshold', []);
  const centred = o.sub(x, p.b_dec);
  const pre = choosingPass(centred, p.W_enc, p.b_enc);
  const cand = o.topk(pre, cap);
  const batchKth = o.neg(o.reduceMax(o.neg(o.topk(o.reshape(cand.values, [1, B * cap]), B * cfg.k).values)));
  const keepF = o.where(o.less(cand.values, batchKth), 0, o.cast(o.greater(cand.values, 0), 'float32'));
  const keptBK = o.mul(cand.values, keepF);
  const vals = o.mul(o.relu(selectedLinear({ x, shift: p.b_dec, w: p.W_enc, b: p.b_enc, idx: cand.indices, chosen: cand.values, weightGrad: cfg.weightGradient })), keepF);
  const xHat = o.add(sparseDecode(vals, cand.indices, p.W_dec, cfg.weightGradient), p.b_dec);
  const { mse, fvu, err } = reconstruction(ctx, x, xHat);
  const dead = deadTracker(firedLatents(cand.indices, vals, m), m, stepsFor(cfg.deadTokens, B));
  const minKept = o.neg(o.reduceMax(o.neg(o.where(o.greater(keptBK, 0), keptBK, 1e30))));
  const thetaNext = o.where(o.less(minKept, 1e29), o.add(theta, o.mul(rate, o.sub(minKept, theta))), theta);
  const outputs: Record<string, Tensor> = { mse, fvu, l0: l0Of(vals), deadFraction: dead.deadFraction, batchThreshold: thetaNext };
  const { spec, lean } = auxKTrainSteps(mse, outputs, cfg, { xBD: x, bDecD: p.b_dec, wEncMD: p.W_enc, bEncM: p.b_enc, wDecMD: p.W_dec, preBM: pre, errBD: err, dead, d, m }, [dead.update, [theta, thetaNext]]);
  const init = initialWeights(ctx, 1, true);
  const start = Math.max(1, Math.round(cfg.thresholdStartFraction * steps));
  return {
    spec,
    lean,
    initial: { W_encT: init.W_enc, b_enc: init.b_enc, W_dec: init.W_dec, b_dec: init.b_dec },
    // θ takes the first measured value at `start`, then follows the EMA.
    feeds: (step) => ({ threshold_rate: f32(step < start ? 0 : step === start ? 1 : 1 - cfg.thresholdDecay) }),
    toSae: (value) => ({
      architecture: 'batchtopk',
      dIn: d,
      dSae: m,
      k: cfg.k,
      threshold: new Float32Array(m).fill(value('threshold')[0]),
      W_enc: transposeMD(value('W_encT'), m, d),
      W_dec: value('W_dec'),
      b_enc: value('b_enc'),
      b_dec: value('b_dec'),
      applyBDecToInput: true,
    }),
  };
}

export const batchtopk: ArchEntry<BatchTopKConfig> = {
  name: 'batchtopk',
  title: 'BatchTopK',
  description: 'Keeps the B·k largest activations of each batch; inference uses the learned threshold θ (Bussmann et al. 2024). Sparse decode; saved as jumprelu.',
  saved: 'batchtopk',
  schema: BatchTopKConfig,
  build: buildBatchTopK,
};
