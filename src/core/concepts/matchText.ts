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

/** A letter, or a later byte of a multi-byte letter as byte labels show it (`é·2`, text/lm/bytes.ts). */
const LETTER = /^\p{L}(·\d)?$/u;

/**
 * Whether a dataset's tokens are characters (the studio's byte-level text model labels one per
 * byte): nine in ten of the first 10,000 rows' tokens are a single character (or a later byte
 * of one). Then no token is a word, and concepts are read on the words the characters spell.
 */
export function characterLevel(tokens: TokenTable): boolean {
  const n = Math.min(tokens.seq.length, 10_000);
  let single = 0;
  for (let r = 0; r < n; r++) {
    const t = tokens.sequences[tokens.seq[r]][tokens.pos[r]];
    if ([...t].length === 1 || /·\d$/u.test(t)) single++;
  }
  return n > 0 && single >= 0.9 * n;
}

/**
 * For character tokens, the word each position sits in: the run of letters around it (a later
 * byte of a letter adds nothing to the spelling); '' where the token is not a letter. So every
 * byte of " apple" but the space reads "apple", and a feature that fires inside food words is a
 * food-word classifier.
 */
export function characterWords(sequence: readonly string[]): string[] {
  const out = new Array<string>(sequence.length).fill('');
  for (let i = 0; i < sequence.length; ) {
    if (!LETTER.test(sequence[i])) {
      i++;
      continue;
    }
    let j = i;
    let word = '';
    for (; j < sequence.length && LETTER.test(sequence[j]); j++) if (!sequence[j].includes('·')) word += sequence[j];
    word = word.toLowerCase();
    for (let k = i; k < j; k++) out[k] = word;
    i = j;
  }
  return out;
}

/** The words a dataset's tokens hold, as matching reads them (a WordNet set keeps only these). */
export function tokenVocabulary(tokens: TokenTable): Set<string> {
  if (!characterLevel(tokens)) return new Set(tokens.sequences.flat().map(normaliseToken));
  const words = new Set(tokens.sequences.flatMap(characterWords));
  words.delete('');
  return words;
}

/**
 * Text concepts as a board family over the held-out rows: one 1 × 1 cell per concept, on where
 * the row's token is one of the concept's words (for character tokens: where the row's
 * character is inside one of them, `characterWords`). Matching then is exactly the boards' rule:
 * a feature's precision and recall on those tokens, as a classifier at its best of the 11
 * thresholds, and a match when the F1 ≥ the threshold.
 */
export function tokenFamily(tokens: TokenTable, rows: Uint32Array, concepts: readonly TextConcept[]): BspFamily {
  const byWord = new Map<string, number[]>();
  concepts.forEach((c, k) => new Set(c.words.map(normaliseToken)).forEach((w) => (byWord.get(w) ?? byWord.set(w, []).get(w)!).push(k)));
  const data = new Uint8Array(rows.length * concepts.length);
  const spelled = characterLevel(tokens) ? new Map<number, string[]>() : null;
  const wordOf = (row: number): string => {
    const seq = tokens.seq[row];
    if (!spelled) return normaliseToken(tokens.sequences[seq][tokens.pos[row]]);
    const words = spelled.get(seq) ?? spelled.set(seq, characterWords(tokens.sequences[seq])).get(seq)!;
    return words[tokens.pos[row]];
  };
  rows.forEach((row, r) => {
    const word = wordOf(row);
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
