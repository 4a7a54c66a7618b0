import type { BoardConcept, ConceptMatch, TextConcept } from '../../shared/schemas/concepts';
import type { TokenTable } from '../data/tokens';
import type { SparseActivations } from '../evals/board';
import type { BspFamily } from '../games/family';
import { matchBoardConcepts } from './matchBoard';

/**
 * How a token's text is compared with a concept's words: the byte-level BPE space mark (Ġ),
 * SentencePiece's (▁), WordPiece's continuation (##) and surrounding spaces are dropped, and
 * case is folded, so " Apple", "Ġapple" and "apple" are all "apple".
 */
export function normaliseToken(token: string): string {
  return token.replace(/^(Ġ|▁|##)+/u, '').trim().toLowerCase();
}

/**
 * Text concepts as a board family over the held-out rows: one 1 × 1 cell per concept, on where
 * the row's token is one of the concept's words. Matching then is exactly the boards' rule:
 * a feature's precision and recall on those tokens, as a classifier at its best of the 11
 * thresholds, and a match when the F1 ≥ the threshold.
 */
export function tokenFamily(tokens: TokenTable, rows: Uint32Array, concepts: readonly TextConcept[]): BspFamily {
  const byWord = new Map<string, number[]>();
  concepts.forEach((c, k) => new Set(c.words.map(normaliseToken)).forEach((w) => (byWord.get(w) ?? byWord.set(w, []).get(w)!).push(k)));
  const data = new Uint8Array(rows.length * concepts.length);
  rows.forEach((row, r) => {
    const word = normaliseToken(tokens.sequences[tokens.seq[row]][tokens.pos[row]]);
    for (const k of byWord.get(word) ?? []) data[r * concepts.length + k] = 1;
  });
  return { name: 'tokens', rows: 1, cols: 1, classes: concepts.length, data };
}

/** Text concepts matched on the codes of the held-out rows (row r of `acts` is dataset row rows[r]). */
export function matchTextConcepts(
  acts: SparseActivations, tokens: TokenTable, rows: Uint32Array, concepts: readonly TextConcept[], threshold: number,
  onFeatures?: (done: number, total: number) => void,
): { matches: ConceptMatch[]; absent: string[] } {
  const family = tokenFamily(tokens, rows, concepts);
  const asCells: BoardConcept[] = concepts.map((c, k) => ({ kind: 'board', id: c.id, name: c.name, categories: c.categories, family: family.name, cell: k }));
  const local = Uint32Array.from({ length: rows.length }, (_, i) => i);
  return matchBoardConcepts(acts, [family], local, asCells, threshold, onFeatures);
}

/**
 * Features whose decoder direction points along a probe's (cosine ≥ threshold): a concept the
 * analyst has a direction for (a linear probe's weights) rather than labelled examples.
 */
export function matchProbe(unitDecoder: (feature: number) => Float32Array, features: number, probe: ArrayLike<number>, concept: string, threshold: number): ConceptMatch[] {
  let norm = 0;
  for (let c = 0; c < probe.length; c++) norm += probe[c] ** 2;
  norm = Math.sqrt(norm);
  const out: ConceptMatch[] = [];
  if (!(norm > 0)) return out;
  for (let f = 0; f < features; f++) {
    const u = unitDecoder(f);
    let dot = 0;
    for (let c = 0; c < probe.length; c++) dot += u[c] * probe[c];
    const cos = dot / norm;
    if (cos >= threshold) out.push({ feature: f, concept, score: cos, precision: null, recall: null });
  }
  return out;
}
