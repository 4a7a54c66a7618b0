import { StudioError } from '../../../shared/errors';
import { z } from 'zod';
import { input, ops as o, selectedLinear, sparseDecode, type Tensor } from '../../engine';
import { deadTracker, deadTokensField, initialWeights, l0Of, reconstruction, saeParams, stepsFor, transposeMD } from './common';
import { auxKFields, choosingPass, firedLatents, sparseFields, auxKTrainSteps } from './sparse';
import type { ArchEntry, ArchStep, BuildContext } from './types';

export const TopKConfig = z.object({
  k: z.number().int().positive().default(32).describe('active latents per row'),
  ...auxKFields,
  ...sparseFields,
  deadTokens: deadTokensField,
}).strict();
export type TopKConfig = z.infer<typeof TopKConfig>;

/**
 * TopK SAE (Gao et al. 2024): f = TopK_k(ReLU(pre)) with unit-norm decoder rows (parallel
 * gradient removed, rows renormalised: a ParamRule), plus AuxK on dead latents. Decoding
 * gathers the k active rows (see sparse.ts).
 */
export function buildTopK(cfg: TopKConfig, ctx: BuildContext): ArchStep {
  const { d, m, B } = ctx;
  if (cfg.k > m) throw new StudioError('bad-input', `k=${cfg.k} exceeds the width ${m}`, 'arch.k');
  const p = saeParams(ctx, true);
  const x = input('x', [B, d]);
  const centred = o.sub(x, p.b_dec);
  const pre = choosingPass(centred, p.W_enc, p.b_enc);
  const chosen = o.topk(pre, cfg.k);
  const idx = chosen.indices;
  const vals = o.relu(selectedLinear({ x, shift: p.b_dec, w: p.W_enc, b: p.b_enc, idx, chosen: chosen.values, weightGrad: cfg.weightGradient }));
  const xHat = o.add(sparseDecode(vals, idx, p.W_dec, cfg.weightGradient), p.b_dec);
  const { mse, fvu, err } = reconstruction(ctx, x, xHat);
  const dead = deadTracker(firedLatents(idx, vals, m), m, stepsFor(cfg.deadTokens, B));
  const outputs: Record<string, Tensor> = { mse, fvu, l0: l0Of(vals), deadFraction: dead.deadFraction };
  const { spec, lean } = auxKTrainSteps(mse, outputs, cfg, { xBD: x, bDecD: p.b_dec, wEncMD: p.W_enc, bEncM: p.b_enc, wDecMD: p.W_dec, preBM: pre, errBD: err, dead, d, m }, [dead.update]);
  const init = initialWeights(ctx, 1, true);
  return {
    spec,
    lean,
    initial: { W_encT: init.W_enc, b_enc: init.b_enc, W_dec: init.W_dec, b_dec: init.b_dec },
    feeds: () => ({}),
    toSae: (value) => ({ architecture: 'topk', dIn: d, dSae: m, k: cfg.k, W_enc: transposeMD(value('W_encT'), m, d), W_dec: value('W_dec'), b_enc: value('b_enc'), b_dec: value('b_dec'), applyBDecToInput: true }),
  };
}

export const topk: ArchEntry<TopKConfig> = {
  name: 'topk',
  title: 'TopK',
  description: 'Keeps the k largest activations per row; unit-norm decoder; AuxK loss revives dead latents (Gao et al. 2024). Sparse decode.',
  saved: 'topk',
  schema: TopKConfig,
  build: buildTopK,
};
