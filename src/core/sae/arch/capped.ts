import { ops as o, type Tensor } from '../../engine';

/*
 * Sparse-aware steps for the architectures whose code is sparse but not of fixed size (ReLU-L1,
 * JumpReLU; issue 25). Only the encoder's product stays dense; the latents a row can touch are
 * its "candidates" (ReLU: a positive pre-activation; JumpReLU: z above θ − ε, which holds the
 * active latents and the band the threshold's pseudo-derivative reads). Shapes are static, so a
 * step is compiled for a cap of `cap` candidates per row: the top `cap` by score, which holds
 * every candidate unless a row has `cap` or more. Such a call is flagged (`overflow`) and the
 * trainer redoes it with the dense step: the code is never truncated.
 */

/** Output names every capped architecture's steps add to their results. */
export const CANDIDATES_MAX = 'candidatesMax';
export const OVERFLOW = 'overflow';
/** The batch's candidates in all rows: what a per-batch budget must hold (arch/budget.ts). */
export const CANDIDATES_TOTAL = 'candidatesTotal';

/** The most candidates (score > 0) in any row of a dense [B, m] score, as a float scalar. */
export const candidatesMax = (scoreBM: Tensor): Tensor => o.reduceMax(o.reduceSum(o.heaviside(scoreBM), [1]));

/** The busiest row's candidates and the batch's total, from one pass over a dense [B, m] score: the outputs the switch reads. */
export function candidateCounts(scoreBM: Tensor): Record<string, Tensor> {
  const rowCounts = o.reduceSum(o.heaviside(scoreBM), [1]);
  return { [CANDIDATES_MAX]: o.reduceMax(rowCounts), [CANDIDATES_TOTAL]: o.reduceSum(rowCounts) };
}

/**
 * The top `cap` latents of each row by `scoreBM` (no gradient), and whether some row may hold
 * more candidates than that: its smallest kept score is still positive (conservative: a row
 * with exactly `cap` candidates counts too).
 */
export function cappedSelection(scoreBM: Tensor, cap: number): { idx: Tensor; scores: Tensor; overflow: Tensor; candidatesMax: Tensor; candidatesTotal: Tensor } {
  const chosen = o.topk(o.stopGradient(scoreBM), cap);
  const rowMinB = o.neg(o.reduceMax(o.neg(chosen.values), [1]));
  return {
    idx: chosen.indices,
    scores: chosen.values,
    overflow: o.reduceMax(o.cast(o.greater(rowMinB, 0), 'float32')),
    candidatesMax: candidatesMax(chosen.values),
    candidatesTotal: o.reduceSum(o.heaviside(chosen.values)),
  };
}
