import type { TokenContext } from '../../shared/schemas/features';
import type { TokenTable } from '../data/tokens';
import type { SparseActivations } from '../evals/board';

/**
 * Tokens shown around an example's token. The activating token sits near the right end, as in
 * Neuronpedia's and delphi's example views: what a feature reads is mostly the text before it.
 */
export const TOKENS_BEFORE = 12;
export const TOKENS_AFTER = 4;

/** For each sequence, the explored row of each position (-1 where that position is not explored). */
export function explorableRows(tokens: TokenTable, rows: number): Int32Array[] {
  const out = tokens.sequences.map((s) => new Int32Array(s.length).fill(-1));
  for (let r = 0; r < rows; r++) out[tokens.seq[r]][tokens.pos[r]] = r;
  return out;
}

/** The feature's code on one row (0 when it does not fire there). */
export function codeAt(codes: SparseActivations, row: number, feature: number): number {
  for (let e = codes.rowStart[row]; e < codes.rowStart[row + 1]; e++) if (codes.index[e] === feature) return codes.value[e];
  return 0;
}

/** The window of `row`'s sequence around its token, with the feature's activation on each token. */
export function tokenContext(tokens: TokenTable, rowsOf: Int32Array[], codes: SparseActivations, feature: number, row: number): TokenContext {
  const sequence = tokens.seq[row];
  const position = tokens.pos[row];
  const text = tokens.sequences[sequence];
  const from = Math.max(0, position - TOKENS_BEFORE);
  const to = Math.min(text.length, position + TOKENS_AFTER + 1);
  const activations: (number | null)[] = [];
  for (let p = from; p < to; p++) {
    const r = rowsOf[sequence][p];
    activations.push(r < 0 ? null : codeAt(codes, r, feature));
  }
  return { sequence, position, tokens: text.slice(from, to), at: position - from, activations };
}
