import { atEntries, batchEntries, entryLinear, ops as o, type BatchEntries, type Tensor } from '../../engine';
import { CANDIDATES_MAX, CANDIDATES_TOTAL, OVERFLOW } from './capped';

/*
 * The per-batch budget form of the sparse-aware steps (issue 25): the batch's candidates as one
 * flat list of at most `budget` (row, latent) entries (engine nn/budget.ts) instead of `cap`
 * slots in every row (capped.ts), so its size follows the batch's L0, not its busiest row. Shapes
 * stay static, so a step is compiled per budget; a batch with more candidates sets `overflow`
 * and the trainer redoes the call with the dense step: the code is never truncated.
 */

/** Pre-activations of the padding past the last entry: nothing passes any threshold there, and no gradient flows. */
const PADDING = -1e30;

/**
 * The candidates (score > 0) of a dense, gradient-free [B, m] score as entries, and the
 * pre-activations z = (x − b_dec)·W_enc + b_enc there ([budget]), read from the dense pass
 * `preBM` with their gradients to W_enc [d, m], b_enc and b_dec.
 */
export function budgetSelection(a: { centred: Tensor; bDec: Tensor; wEnc: Tensor; bEnc: Tensor; preBM: Tensor; scoreBM: Tensor; budget: number }): { entries: BatchEntries; z: Tensor; outputs: Record<string, Tensor> } {
  const entries = batchEntries(a.scoreBM, a.budget);
  const z = entryLinear({ centred: a.centred, w: a.wEnc, b: a.bEnc, shift: a.bDec, entries, chosen: atEntries(a.preBM, entries) });
  return {
    entries,
    z: o.where(entries.valid, z, PADDING),
    outputs: { [CANDIDATES_MAX]: entries.rowMax, [CANDIDATES_TOTAL]: entries.count, [OVERFLOW]: o.cast(o.greater(entries.count, a.budget), 'float32') },
  };
}
