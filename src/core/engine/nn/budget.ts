import { constant, type Tensor } from '../ir/tensor';
import * as o from '../ops';

/*
 * A layer's sparse code as one flat list of a batch's active (row, latent) entries under a
 * per-batch budget of n, for codes with no fixed number of active latents per row (ReLU-L1,
 * JumpReLU; issue 25). A per-row cap must hold the busiest row (3–4× the mean on trained SAE
 * codes) in every row; the budget holds the batch's total, B·L0, once. The list is row-major
 * (ONNX NonZero: one pass, no sort), so the decoder's sum by row needs no sort; the weight
 * gradients sum by latent and share one sort of the n latent indices.
 */

/** A batch's entries: where score > 0, at most `n` of them (activeEntries), and what steps need of them. */
export interface BatchEntries {
  n: number;
  /** int64 [n], ascending; the padding past `count` is row B − 1 */
  rows: Tensor;
  /** int64 [n] */
  latents: Tensor;
  /** int64 [n]: row·m + latent, to read a dense [B, m] tensor at the entries */
  flat: Tensor;
  /** bool [n]: the entries below `count`, the real ones */
  valid: Tensor;
  /** how many entries the score has (float scalar); above n the list is cut and the step must not be used */
  count: Tensor;
  /** the most entries in one row (float scalar) */
  rowMax: Tensor;
}

/** The entries of `scoreBM` [B, m] with score > 0 (no gradient), at most `n`. */
export function batchEntries(scoreBM: Tensor, n: number): BatchEntries {
  const score = o.stopGradient(scoreBM);
  const all = o.activeEntries(score, n);
  const part = (i: number) => o.reshape(o.slice(all, [i], [i + 1], [0]), [n]);
  const rowCounts = o.reduceSum(o.heaviside(score), [1]);
  const count = o.reduceSum(rowCounts);
  const position = constant(Array.from({ length: n }, (_, i) => i), [n]);
  return { n, rows: part(0), latents: part(1), flat: part(2), valid: o.less(position, count), count, rowMax: o.reduceMax(rowCounts) };
}

/** A dense [B, m] tensor read at the entries → [n]. */
export const atEntries = (denseBM: Tensor, e: BatchEntries): Tensor => o.gather(o.reshape(denseBM, [denseBM.size]), e.flat);

/**
 * The pre-activations centred·W + b at the entries, [n], with their gradients: `chosen` holds the
 * values (read from the dense encoder pass that found the entries); W is [d, m] (one column per
 * latent, the dense layers' layout). For the gradient g [n]: d W = (Gᵀ·centred)ᵀ, a segment sum
 * of the n centred rows by latent; d b = Σ_batch G; d shift = −W·(Σ_batch G) when centred = x − shift.
 */
export function entryLinear(a: { centred: Tensor; w: Tensor; b: Tensor; shift?: Tensor; entries: BatchEntries; chosen: Tensor }): Tensor {
  const { centred, w: wDM, b: bM, shift, entries: e, chosen } = a;
  const [d, m] = wDM.shape;
  return o.withGrad(o.stopGradient(chosen), shift ? [wDM, bM, shift] : [wDM, bM], (g) => {
    const dwMD = o.gatherSegmentSum(e.latents, e.rows, g, centred, m);
    const db = o.scatterAdd(e.latents, g, m);
    const grads = [o.transposeLast(dwMD), db];
    return shift ? [...grads, o.neg(o.reshape(o.matmul(wDM, o.reshape(db, [m, 1])), [d]))] : grads;
  });
}

/** Σ over a row's entries of value·wMD[latent] → [B, d]; its gradient reads the same rows (gatherSegmentSum). */
export const entryDecode = (values: Tensor, e: BatchEntries, wMD: Tensor, B: number): Tensor => o.gatherSegmentSum(e.rows, e.latents, values, wMD, B, true);

/** Whether each latent has a positive value among the entries: [m] bool. */
export const entriesFired = (values: Tensor, e: BatchEntries, m: number): Tensor => o.greater(o.scatterAdd(e.latents, o.heaviside(o.stopGradient(values)), m), 0);
