import { entriesFired, entryDecode, ops as o, selectedLinear, sparseDecode, type Tensor } from '../../engine';
import { budgetSelection } from './budget';
import { CANDIDATES_MAX, CANDIDATES_TOTAL, OVERFLOW, candidateCounts, cappedSelection } from './capped';
import { activity, l0Of, type saeParams } from './common';
import { firedLatents } from './sparse';
import type { BuildContext } from './types';

/** Dense, or at the cost of the active latents: per row (`cap`, capped.ts) or per batch (`budget`, budget.ts). */
export interface CodeForm {
  cap?: number;
  budget?: number;
}

/** What the ReLU and p-annealing steps share: the code, its reconstruction and its activity. */
export interface ReluCode {
  f: Tensor;
  xHat: Tensor;
  l0: Tensor;
  firedM: Tensor;
  /** the selection's counters, reported as step outputs */
  extra: Record<string, Tensor>;
  /** the latent of each entry of a sparse `f` (undefined when `f` is the dense [B, m] code) */
  latents?: Tensor;
}

/**
 * f = ReLU(W_enc·(x − b_dec) + b_enc) and x̂ = W_dec·f + b_dec. With `cap` or `budget` only the
 * positive pre-activations are kept: ReLU is zero elsewhere, so the code, x̂ and the gradients
 * of everything built on f are the same; the encoder's product stays dense.
 */
export function reluCode(ctx: BuildContext, x: Tensor, p: ReturnType<typeof saeParams>, form: CodeForm): ReluCode {
  const { m, B } = ctx;
  const { cap, budget } = form;
  const centred = o.sub(x, p.b_dec);
  const pre = o.add(o.matmul(centred, p.W_enc), p.b_enc);
  if (budget !== undefined) {
    const preBM = o.stopGradient(pre);
    const sel = budgetSelection({ centred, bDec: p.b_dec, wEnc: p.W_enc, bEnc: p.b_enc, preBM, scoreBM: preBM, budget });
    const f = o.relu(sel.z);
    const xHat = o.add(entryDecode(f, sel.entries, p.W_dec, B), p.b_dec);
    return { f, xHat, l0: o.div(o.reduceSum(o.heaviside(f)), B), firedM: entriesFired(f, sel.entries, m), extra: sel.outputs, latents: sel.entries.latents };
  }
  if (cap === undefined) {
    const f = o.relu(pre);
    return { f, xHat: o.add(o.matmul(f, p.W_dec), p.b_dec), ...activity(f), extra: candidateCounts(f) };
  }
  const sel = cappedSelection(pre, cap);
  const f = o.relu(selectedLinear({ x, shift: p.b_dec, w: o.transposeLast(p.W_enc), b: p.b_enc, idx: sel.idx, chosen: sel.scores, weightGrad: 'sparse' }));
  const xHat = o.add(sparseDecode(f, sel.idx, p.W_dec, 'sparse'), p.b_dec);
  const extra = { [CANDIDATES_MAX]: sel.candidatesMax, [CANDIDATES_TOTAL]: sel.candidatesTotal, [OVERFLOW]: sel.overflow };
  return { f, xHat, l0: l0Of(f), firedM: firedLatents(sel.idx, f, m), extra, latents: sel.idx };
}
