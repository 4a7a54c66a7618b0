import { describe, expect, it } from 'vitest';
import type { BoardConcept, TextConcept } from '../../shared/schemas/concepts';
import type { SparseActivations } from '../evals/board';
import type { TokenTable } from '../data/tokens';
import { matchBoardConcepts } from './matchBoard';
import { characterLevel, characterWords, matchProbe, matchTextConcepts, normaliseToken, tokenVocabulary } from './matchText';

/** Sparse codes from per-row {feature: value} maps. */
function codes(rows: Record<number, number>[], features: number): SparseActivations {
  const rowStart = new Uint32Array(rows.length + 1);
  const index: number[] = [];
  const value: number[] = [];
  rows.forEach((r, i) => {
    for (const [f, v] of Object.entries(r).sort((a, b) => +a[0] - +b[0])) {
      index.push(+f);
      value.push(v);
    }
    rowStart[i + 1] = index.length;
  });
  return { rowStart, index: Uint32Array.from(index), value: Float32Array.from(value), features };
}

const concept = (cell: number): BoardConcept => ({ kind: 'board', id: `sq:${cell}`, name: `square ${cell}`, categories: [`cat ${cell}`], family: 'sq', cell });

describe('board concepts by feature-as-classifier F1 (§1.3)', () => {
  // Six positions, a 1 × 3 family: cell 0 on at positions 0–2, cell 1 at 3–4, cell 2 never.
  const family = { name: 'sq', rows: 1, cols: 3, classes: 1, data: Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]) };
  // Hand-labelled features: 0 fires exactly on cell 0; 1 fires weakly (0.05) everywhere and strongly (1) on cell 1;
  // 2 fires once, on a cell-0 position; 3 never fires.
  const acts = codes([{ 0: 2, 1: 0.05, 2: 1 }, { 0: 2, 1: 0.05 }, { 0: 1, 1: 0.05 }, { 1: 1 }, { 1: 1 }, { 1: 0.05 }], 4);
  const rows = Uint32Array.from([0, 1, 2, 3, 4, 5]);
  const concepts = [concept(0), concept(1), concept(2)];

  it('matches at the best of the 11 thresholds, with P and R of that threshold', () => {
    const { matches, absent } = matchBoardConcepts(acts, [family], rows, concepts, 0.5);
    const byPair = Object.fromEntries(matches.map((m) => [`${m.feature}/${m.concept}`, m]));
    expect(Object.keys(byPair).sort()).toEqual(['0/sq:0', '1/sq:0', '1/sq:1']);
    expect(byPair['0/sq:0']).toMatchObject({ precision: expect.closeTo(1, 6), recall: expect.closeTo(1, 6), score: expect.closeTo(1, 6) });
    // feature 1 on cell 0 only at t = 0 (fires on all 6): P = 3/6, R = 1, F1 = 2/3
    expect(byPair['1/sq:0']).toMatchObject({ precision: expect.closeTo(0.5, 6), recall: expect.closeTo(1, 6), score: expect.closeTo(2 / 3, 6) });
    // feature 1 on cell 1 at t ≥ 0.1 (only the two strong positions fire): F1 = 1
    expect(byPair['1/sq:1'].score).toBeCloseTo(1, 6);
    expect(absent).toEqual(['sq:2']);
  });

  it('keeps a pair whose F1 is below the threshold out, and lets it in at a lower one', () => {
    // feature 2: P = 1, R = 1/3, F1 = 0.5 (less the reference's epsilons)
    expect(matchBoardConcepts(acts, [family], rows, concepts, 0.5).matches.some((m) => m.feature === 2)).toBe(false);
    const low = matchBoardConcepts(acts, [family], rows, concepts, 0.45).matches.find((m) => m.feature === 2);
    expect(low).toMatchObject({ concept: 'sq:0', score: expect.closeTo(0.5, 6), precision: expect.closeTo(1, 6), recall: expect.closeTo(1 / 3, 6) });
  });

  it('names concepts of a family the rows lack as absent', () => {
    const other: BoardConcept = { ...concept(0), id: 'x:0', family: 'missing' };
    expect(matchBoardConcepts(acts, [family], rows, [other], 0.5).absent).toEqual(['x:0']);
  });
});

describe('text concepts by precision and recall on held-out tokens', () => {
  const table: TokenTable = {
    sequences: [['The', ' cat', ' ate', ' an', ' apple'], ['A', 'Ġdog', ' ate', ' Bread']],
    seq: Uint32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1]),
    pos: Uint32Array.from([0, 1, 2, 3, 4, 0, 1, 2, 3]),
  };
  const word = (w: string, cat: string): TextConcept => ({ kind: 'text', id: w, name: w, categories: [cat], words: [w] });
  const concepts = [word('cat', 'animal'), word('dog', 'animal'), word('apple', 'food'), word('bread', 'food')];
  // held out: the last 6 rows (" an", " apple", "A", "Ġdog", " ate", " Bread")
  const held = Uint32Array.from([3, 4, 5, 6, 7, 8]);

  it('normalises BPE and SentencePiece marks and case', () => {
    expect(['Ġdog', '▁Dog', ' dog ', '##dog'].map(normaliseToken)).toEqual(['dog', 'dog', 'dog', 'dog']);
  });

  it('matches a feature that fires on a concept word precisely, and not one that fires everywhere', () => {
    // feature 0 fires on " apple" and " Bread"; feature 1 on every held-out token; feature 2 on "Ġdog"
    const acts = codes([{ 1: 1 }, { 0: 1, 1: 1 }, { 1: 1 }, { 1: 1, 2: 3 }, { 1: 1 }, { 0: 1, 1: 1 }], 3);
    const { matches, absent } = matchTextConcepts(acts, table, held, concepts, 0.5);
    expect(matches.map((m) => `${m.feature}/${m.concept}`)).toEqual(['0/apple', '0/bread', '2/dog']);
    expect(matches[0]).toMatchObject({ precision: expect.closeTo(0.5, 6), recall: expect.closeTo(1, 6) });
    expect(absent).toEqual(['cat']);
  });
});

describe('text concepts on character tokens (a byte-level model)', () => {
  // byte labels as the text model's sidecar writes them (text/lm/bytes.ts): " an apple pie." and "Ate ça"
  const seqs = [[...' an apple pie.'], ['A', 't', 'e', ' ', 'ç', 'ç·2', 'a']];
  const rowsOf = (s: number) => seqs[s].map((_, p) => [s, p] as const);
  const all = [...rowsOf(0), ...rowsOf(1)];
  const table: TokenTable = { sequences: seqs, seq: Uint32Array.from(all.map((x) => x[0])), pos: Uint32Array.from(all.map((x) => x[1])) };

  it('reads each character as the word it sits in', () => {
    expect(characterWords(seqs[0])).toEqual(['', 'an', 'an', '', 'apple', 'apple', 'apple', 'apple', 'apple', '', 'pie', 'pie', 'pie', '']);
    // a later byte of a letter is part of the word and adds nothing to its spelling
    expect(characterWords(seqs[1])).toEqual(['ate', 'ate', 'ate', '', 'ça', 'ça', 'ça']);
    expect(characterLevel(table)).toBe(true);
    expect([...tokenVocabulary(table)].sort()).toEqual(['an', 'apple', 'ate', 'pie', 'ça']);
    expect(characterLevel({ sequences: [['The', ' cat']], seq: Uint32Array.of(0, 0), pos: Uint32Array.of(0, 1) })).toBe(false);
  });

  it('matches a feature that fires inside a concept word, by its bytes', () => {
    const concepts: TextConcept[] = [
      { kind: 'text', id: 'apple', name: 'apple', categories: ['noun.food'], words: ['apple'] },
      { kind: 'text', id: 'pie', name: 'pie', categories: ['noun.food'], words: ['pie'] },
    ];
    // feature 0 fires on the five bytes of "apple" and on the space after it (precision 5/6, recall 1:
    // F1 = 2·(5/6)/(5/6 + 1) = 10/11); feature 1 on "pi" of "pie" (precision 1, recall 2/3: F1 0.8)
    const rows = all.map(([s, p]): Record<number, number> => (s === 0 && p >= 4 && p <= 9 ? { 0: 1 } : s === 0 && (p === 10 || p === 11) ? { 1: 1 } : {}));
    const held = Uint32Array.from(all.keys());
    const { matches } = matchTextConcepts(codes(rows, 2), table, held, concepts, 0.5);
    expect(matches.map((m) => `${m.feature}/${m.concept}`)).toEqual(['0/apple', '1/pie']);
    expect(matches[0]).toMatchObject({ score: expect.closeTo(10 / 11, 6), precision: expect.closeTo(5 / 6, 6), recall: expect.closeTo(1, 6) });
    expect(matches[1]).toMatchObject({ score: expect.closeTo(0.8, 6), precision: expect.closeTo(1, 6), recall: expect.closeTo(2 / 3, 6) });
  });
});

describe('probe directions by decoder cosine', () => {
  it('matches the features whose decoder points along the probe', () => {
    const dirs = [Float32Array.from([1, 0]), Float32Array.from([0.6, 0.8]), Float32Array.from([0, 1])];
    const m = matchProbe((f) => dirs[f], 3, [2, 0], 'x', 0.5);
    expect(m.map((x) => [x.feature, +x.score.toFixed(3)])).toEqual([[0, 1], [1, 0.6]]);
  });
});
