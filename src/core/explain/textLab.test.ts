import { describe, expect, it } from 'vitest';
import { Rng } from '../io/rng';
import { byteTokenLabels, documentTokens } from '../text/lm/bytes';
import type { TextRows } from './hypothesis/text';
import { atom } from './hypothesis/tree';
import { type TextEncoder, textLab } from './textLab';

/** A planted text "model": feature 0 fires (2.0) on every byte "e", nothing else. */
const planted: TextEncoder = async (texts) => {
  const sequences = texts.map((t) => byteTokenLabels(documentTokens(t)));
  const seq: number[] = [];
  const pos: number[] = [];
  sequences.forEach((s, i) => s.forEach((_, p) => p > 0 && (seq.push(i), pos.push(p))));
  const rows: TextRows = { rows: seq.length, sequences, seq: Uint32Array.from(seq), pos: Uint32Array.from(pos) };
  const rowStart = new Uint32Array(rows.rows + 1);
  const index: number[] = [];
  for (let r = 0; r < rows.rows; r++) {
    if (sequences[seq[r]][pos[r]] === 'e') index.push(0);
    rowStart[r + 1] = index.length;
  }
  return { rows, codes: { rowStart, index: Uint32Array.from(index), value: new Float32Array(index.length).fill(2), features: 1 } };
};

describe('text tests', () => {
  it('a negative control swaps the key byte of satisfying inputs (minimal edits) and reruns them', async () => {
    const lab = textLab(planted, ['the tree sees the bee', 'we need three geese'], { docsPerStep: 2 });
    const pred = atom({ kind: 'token' as const, tokens: ['e'] });
    const positive = await lab.run(0, pred, true, 4, new Rng(1));
    expect(positive.map((x) => x.activation)).toEqual([2, 2, 2, 2]);
    const negative = await lab.run(0, pred, false, 6, new Rng(1));
    const edits = negative.filter((x) => x.label.startsWith('edit:'));
    expect(edits).toHaveLength(3);
    // the edit puts a space where the "e" was: the hypothesis fails there and the feature is silent
    for (const e of edits) {
      expect((e.detail as { tokens: string[] }).tokens.at(-1)).toBe(' ');
      expect(e.activation).toBe(0);
    }
    expect(negative.every((x) => x.activation === 0)).toBe(true);
  });

  it('with model samples, a quarter of a test comes from the sampled bytes past their prefix, marked as such', async () => {
    const lab = textLab(planted, ['the tree sees the bee'], { docsPerStep: 1 });
    // two "sampled" texts: bytes before `from` are the exemplar's prefix and never inputs
    const sampled = await planted(['eeee thee', 'eeeeeeeeee']);
    lab.setSamples(0, { ...sampled, from: [5, 11] });
    const pred = atom({ kind: 'token' as const, tokens: ['e'] });
    const inputs = await lab.run(0, pred, true, 8, new Rng(2));
    const fromSamples = inputs.filter((x) => x.source === 'model sample');
    expect(fromSamples).toHaveLength(2);
    // only the "e"s of "thee" lie past a prefix (the second text is all prefix)
    expect(fromSamples.map((x) => x.label).sort()).toEqual(['sample: eeee th[[e]]', 'sample: eeee the[[e]]']);
    expect(fromSamples.map((x) => (x.detail as { from: number }).from)).toEqual([4, 4]);
    expect(fromSamples.every((x) => x.activation === 2)).toBe(true);
    expect(inputs.filter((x) => x.source === undefined)).toHaveLength(6);
    // another feature's tests take none of them
    expect((await lab.run(1, pred, true, 8, new Rng(2))).some((x) => x.source === 'model sample')).toBe(false);
  });
});
