import { describe, expect, it } from 'vitest';
import { KneserNeyModel } from './ngram';

const bytes = (s: string) => Uint8Array.from(Buffer.from(s, 'latin1'));
const [a, b, c] = [0x61, 0x62, 0x63];

describe('interpolated Kneser–Ney byte n-grams', () => {
  // "abcab", order 2, by hand. Bigrams ab ×2, bc, ca: n1 = 2, n2 = 1, D2 = 2/(2 + 2·1) = 0.5.
  // Unigram continuation counts (distinct left neighbours): a 1 (ca), b 1 (ab), c 1 (bc):
  // n1 = 3, n2 = 0, D1 = 1, clamped to 0.99; total 3, types 3.
  const model = KneserNeyModel.fit(bytes('abcab'), 2);
  const p1 = 0.01 / 3 + (0.99 * 3) / 3 / 256; // max(1 − D1, 0)/3 + D1·3/3·(1/256)

  it('matches the hand computation', () => {
    // context a: c(ab) = 2, total 2, one type: (2 − 0.5)/2 + 0.5·1/2·P1(b)
    expect(model.probability([a], b)).toBeCloseTo(0.75 + 0.25 * p1, 12);
    expect(model.probability([a], c)).toBeCloseTo(0.25 * p1, 12);
    // an unseen byte gets only the uniform share, through both orders
    expect(model.probability([a], 0x7a)).toBeCloseTo(0.25 * ((0.99 * 3) / 3 / 256), 12);
    // an unseen context falls back to the unigram level
    expect(model.probability([0x7a], b)).toBeCloseTo(p1, 12);
  });

  it('is a distribution over the 256 bytes in every context', () => {
    const big = KneserNeyModel.fit(bytes('the cat sat on the mat; the hat sat on the cat.'), 5);
    for (const ctx of ['the ', 'at o', 'zzzz', 'e', '']) {
      let sum = 0;
      for (let v = 0; v < 256; v++) sum += big.probability(bytes(ctx), v);
      expect(sum, ctx).toBeCloseTo(1, 9);
    }
  });

  it('predicts repeated text better than a uniform model and refuses a bad order', () => {
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(20);
    const m = KneserNeyModel.fit(bytes(text), 5);
    expect(m.bitsPerByte(['the quick brown fox']).bitsPerByte).toBeLessThan(3);
    expect(() => KneserNeyModel.fit(bytes(text), 7)).toThrow(/order must be 1–6/);
  });
});
