import { describe, expect, it } from 'vitest';
import { analyse } from '../../text/nlp/analyse';
import { contributions, cosine, featureIds, GRAM2VEC_FEATURES, UNAVAILABLE_FAMILIES, vectorise } from './vectorise';

const at = (v: Float64Array, id: string) => v[featureIds().indexOf(id)];

describe('Gram2Vec-style vectoriser', () => {
  it('gives the relative frequencies of a hand-checked text', () => {
    // "The dog. The cat!": 12 letters (t×3, h×2, e×2, d, o, g, c, a), 2 capitals, 17 characters,
    // marks "." and "!", 4 words of which 2 function words (both "the"), 2 sentences, one an exclamation
    const v = vectorise(analyse('The dog. The cat!'));
    expect(at(v, 'letter.t')).toBeCloseTo(3 / 12, 12);
    expect(at(v, 'letter.h')).toBeCloseTo(2 / 12, 12);
    expect(at(v, 'letter.uppercase')).toBeCloseTo(2 / 12, 12);
    expect(at(v, 'punct.period')).toBeCloseTo(1 / 2, 12);
    expect(at(v, 'punct.exclamation')).toBeCloseTo(1 / 2, 12);
    // per-100 rates enter as rates per character: 2 marks / 17 characters
    expect(at(v, 'punct.per-100-chars')).toBeCloseTo(2 / 17, 12);
    expect(at(v, 'fw.rate')).toBeCloseTo(2 / 4, 12);
    expect(at(v, 'fw.the')).toBe(1);
    expect(at(v, 'sentences.exclamation-share')).toBeCloseTo(1 / 2, 12);
    // DET NOUN PUNCT DET NOUN PUNCT
    expect(at(v, 'pos.DET')).toBeCloseTo(2 / 6, 12);
    expect(at(v, 'pos2.DET_NOUN')).toBeCloseTo(2 / 4, 12);
    for (const x of v) expect(x).toBeLessThanOrEqual(1);
  });
  it('lists dependency and morphology as unavailable, and keeps no raw counts', () => {
    expect(UNAVAILABLE_FAMILIES.map((f) => f.family).sort()).toEqual(['dep_labels', 'morph_tags']);
    expect(GRAM2VEC_FEATURES.some((f) => f.id === 'emoji.count')).toBe(false);
    expect(new Set(GRAM2VEC_FEATURES.map((f) => f.family))).toEqual(new Set(['emoji', 'punct', 'letter', 'fw', 'pos', 'pos2', 'sentences']));
  });
  it('contributions aᵢbᵢ/(‖a‖‖b‖) sum to the cosine', () => {
    const a = [3, 0, 4];
    const b = [0, 1, 1];
    // cos = 4 / (5·√2)
    expect(cosine(a, b)).toBeCloseTo(4 / (5 * Math.SQRT2), 12);
    const c = contributions(a, b, ['x.a', 'x.b', 'x.c']);
    expect(c.map((x) => x.feature)).toEqual(['x.c', 'x.a', 'x.b']);
    expect(c[0].value).toBeCloseTo(4 / (5 * Math.SQRT2), 12);
    expect(c.reduce((s, x) => s + x.value, 0)).toBeCloseTo(cosine(a, b), 12);
    const va = vectorise(analyse('Upon the whole, it was fine; whilst we waited.'));
    const vb = vectorise(analyse('On the whole it was good, and we waited.'));
    const sum = contributions(va, vb).reduce((s, x) => s + x.value, 0);
    expect(sum).toBeCloseTo(cosine(va, vb), 9);
    expect(cosine(va, va)).toBeCloseTo(1, 12);
  });
});
