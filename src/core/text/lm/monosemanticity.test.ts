import { describe, expect, it } from 'vitest';
import { TopExamples, byteLabels, sharedLabelShares } from './monosemanticity';

describe('same-token and same-POS shares', () => {
  // two documents, hand-tagged: "ab cd" → ab NOUN, cd VERB; "ab" → ab NOUN
  const texts = ['ab cd', 'ab'];
  const tagger = (t: string) => (t === 'ab cd' ? [{ start: 0, end: 2, pos: 'NOUN' }, { start: 3, end: 5, pos: 'VERB' }] : [{ start: 0, end: 2, pos: 'NOUN' }]);
  const labels = byteLabels(texts, tagger);

  it('labels every byte with its token and the POS of the word around it', () => {
    expect(labels.token).toEqual([['a', 'b', ' ', 'c', 'd'], ['a', 'b']]);
    expect(labels.pos).toEqual([['NOUN', 'NOUN', 'SPACE', 'VERB', 'VERB'], ['NOUN', 'NOUN']]);
  });

  it('counts a feature when 8 of its top 10 examples agree, and judges only features with 10 firing rows', () => {
    // rows: byte places (doc, byte); 20 rows cycling over the 7 bytes
    const places = { doc: new Uint32Array(20), byte: new Uint32Array(20) };
    const all = [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [1, 0], [1, 1]];
    for (let r = 0; r < 20; r++) [places.doc[r], places.byte[r]] = all[r % 7];
    const top = new TopExamples(3, 10);
    const f = new Float32Array(20 * 3);
    for (let r = 0; r < 20; r++) {
      // feature 0: strongest on the six 'a' rows (0, 5, 7, 12, 14, 19), then the 'b' rows 1, 6, 8, then row 18 ('d'):
      // 'a' in 6 of 10 (no token agreement), NOUN in 9 of 10 (agreement)
      f[r * 3] = all[r % 7][1] === 0 ? 10 + r : [1, 6, 8].includes(r) ? 5 + r : 0.1 * r;
      // feature 1: fires on every row, strongest on rows 0..9 by value 100 − r
      f[r * 3 + 1] = 100 - r;
      // feature 2: fires on 3 rows only: not judged
      f[r * 3 + 2] = r < 3 ? 1 : 0;
    }
    top.add(f.subarray(0, 30), 0);
    top.add(f.subarray(30), 10);
    const shares = sharedLabelShares(top, places, labels);
    expect(shares.judged).toBe(2);
    // feature 1's top 10 are rows 0..9: tokens a b ␠ c d a b a b ␠ → no agreement; feature 0: 6 a's of 10 → none on tokens
    expect(shares.sameToken).toBe(0);
    // POS: feature 0 agrees (9 NOUN of 10); feature 1's rows 0..9 hold 6 NOUN of 10 → not
    expect(shares.samePos).toBe(0.5);
  });
});
