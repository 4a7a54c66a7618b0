import { z } from 'zod';
import { ops as o, scalar, selectedLinear, sparseDecode, trainStep, type Tensor, type WeightGrad } from '../../engine';
import { rowNorms, unitDecoderRule } from './common';
import type { ArchStep } from './types';

/*
 * The sparse path shared by TopK and BatchTopK: one dense, gradient-free encoder pass picks
 * the latents and gives their values; the values are decoded from the k gathered decoder rows,
 * and the gradients reach only the k chosen rows of each weight (engine nn/sparse.ts), so the
 * backward pass is O(B·k·d) and the step costs about one dense matmul.
 */

/** The dense pre-activations (x − b_dec)·W_encᵀ + b_enc, with no gradient: only used to choose latents. */
export function choosingPass(centredBD: Tensor, wEncMD: Tensor, bEncM: Tensor): Tensor {
  return o.stopGradient(o.add(o.matmul(centredBD, o.transposeLast(wEncMD)), bEncM));
}

/** Whether each latent fired in the batch: [m] bool from the kept indices [B, k] and values. */
export function firedLatents(idxBK: Tensor, valsBK: Tensor, m: number): Tensor {
  const n = idxBK.shape[0] * idxBK.shape[1];
  const counts = o.scatterAdd(o.reshape(idxBK, [n]), o.reshape(o.heaviside(o.stopGradient(valsBK)), [n]), m);
  return o.greater(counts, 0);
}

export const sparseFields = {
  weightGradient: z.enum(['sparse', 'dense', 'auto']).default('auto').describe("how the weight gradients are formed: 'sparse' scatter-adds the B·k row gradients; 'dense' multiplies a dense [B, m] code, faster at small m; 'auto' takes dense below m = 128·k (engine nn/sparse.ts)"),
};

export const auxKFields = {
  auxKCoefficient: z.number().nonnegative().default(1 / 32).describe('α of the AuxK dead-latent loss (Gao et al. 2024); 0 leaves it out of the step'),
  kAux: z.number().int().positive().optional().describe('dead latents used by AuxK; default d/2'),
};

/**
 * AuxK (Gao et al. 2024 §A.2; dictionary_learning profile, ALGORITHMS-DETAIL.md §2.3): the
 * residual e = x − x̂ (no gradient) is reconstructed from the top-k_aux pre-activations among
 * dead latents, with no b_dec, and the MSE is divided by the residual's variance
 * mean‖e − ē‖². Live latents picked when fewer than k_aux are dead contribute 0, and with no
 * dead latent the loss is 0 (as dictionary_learning returns it).
 */
export function auxKLoss(opts: { xBD: Tensor; bDecD: Tensor; wEncMD: Tensor; bEncM: Tensor; wDecMD: Tensor; preBM: Tensor; errBD: Tensor; deadM: Tensor; kAux: number; weightGradient: WeightGrad }): Tensor {
  const { xBD, bDecD, wEncMD, bEncM, wDecMD, preBM, deadM, kAux, weightGradient } = opts;
  const deadF = o.cast(deadM, 'float32');
  const chosen = o.topk(o.where(deadM, preBM, -1e30), kAux);
  const idx = chosen.indices;
  const vals = o.mul(o.relu(selectedLinear({ x: xBD, shift: bDecD, w: wEncMD, b: bEncM, idx, chosen: chosen.values, weightGrad: weightGradient })), o.gather(deadF, idx));
  const e = o.stopGradient(opts.errBD);
  const r = o.sub(e, sparseDecode(vals, idx, wDecMD, weightGradient));
  const centredE = o.sub(e, o.reduceMean(e, [0], true));
  const normalised = o.div(o.reduceSum(o.mul(r, r)), o.add(o.reduceSum(o.mul(centredE, centredE)), 1e-12));
  return o.mul(normalised, o.reduceMax(deadF));
}

/** What `auxKTrainSteps` needs from the step being built. */
export interface AuxKParts {
  xBD: Tensor;
  bDecD: Tensor;
  wEncMD: Tensor;
  bEncM: Tensor;
  wDecMD: Tensor;
  preBM: Tensor;
  errBD: Tensor;
  dead: { deadM: Tensor; noneDeadWithin(steps: number, value: (name: string) => Float32Array): boolean };
  d: number;
  m: number;
}

/**
 * The training step of TopK and BatchTopK: Adam (clip 1) on the reconstruction loss plus α·AuxK
 * when α > 0, the decoder rows kept at unit norm, the AuxK value logged with the other loss
 * terms; with AuxK, also the lean step without it, for the trainer to run while no latent can
 * be dead.
 */
export function auxKTrainSteps(
  mse: Tensor,
  outputs: Record<string, Tensor>,
  cfg: { auxKCoefficient: number; kAux?: number; weightGradient: WeightGrad },
  parts: AuxKParts,
  stateUpdates: ReadonlyArray<readonly [Tensor, Tensor]>,
): Pick<ArchStep, 'spec' | 'lean'> {
  const step = (loss: Tensor, outs: Record<string, Tensor>) =>
    trainStep({
      loss,
      params: [parts.wEncMD, parts.bEncM, parts.wDecMD, parts.bDecD],
      optimizer: { kind: 'adam', clipNorm: 1 },
      rules: new Map([[parts.wDecMD, unitDecoderRule]]),
      outputs: outs,
      stateUpdates,
    });
  if (cfg.auxKCoefficient <= 0) return { spec: step(mse, outputs) };
  const { d, m, dead, ...tensors } = parts;
  const aux = auxKLoss({ ...tensors, deadM: dead.deadM, kAux: Math.min(cfg.kAux ?? Math.max(1, Math.floor(d / 2)), m), weightGradient: cfg.weightGradient });
  return {
    spec: step(o.add(mse, o.mul(cfg.auxKCoefficient, aux)), { ...outputs, auxK: aux }),
    lean: { spec: step(mse, { ...outputs, auxK: scalar(0) }), applies: dead.noneDeadWithin },
  };
}

/** ‖W_dec,i‖ as [m] (for penalties weighted by decoder norms). */
export const decoderNormsM = (wDecMD: Tensor): Tensor => o.reshape(rowNorms(wDecMD), [wDecMD.shape[0]]);
