import { describe, expect, it } from 'vitest';
import { mineLexicon } from './lexicon';

// A constructed case checked by hand: 12 reviews of 6 products (review i of product "abcdef"[i % 6]),
// target = i. "detail" is in reviews 7–11 (5 products), "yum" in 0–4, "rare" in 10–11 (2
// products), "brandx" in 5 and 11 (product f only), "the" in all.
const groups = Array.from({ length: 12 }, (_, i) => 'abcdef'[i % 6]);
const y = Array.from({ length: 12 }, (_, i) => i);
const terms = y.map((i) => {
  const t = new Set(['the']);
  if (i >= 7) t.add('detail');
  if (i <= 4) t.add('yum');
  if (i >= 10) t.add('rare');
  if (i === 5 || i === 11) t.add('brandx');
  return t;
});

describe('signed lexicon mining', () => {
  it('keeps the words whose reviews rank high or low, spread over enough reviews and products', () => {
    expect(mineLexicon(terms, y, groups, 5)).toEqual({ plus: ['detail'], minus: ['yum'] });
    // rank-sum z (sd of ranks √(143/12)): rare (11.5 − 6.5)/sd·√(2·10/11) = 1.95 > detail (10 − 6.5)/sd·√(5·7/11) = 1.81;
    // brandx, in one product only, is left out until one product is enough (then z = 0.98, last)
    expect(mineLexicon(terms, y, groups, 5, 2, 2)).toEqual({ plus: ['rare', 'detail'], minus: ['yum'] });
    expect(mineLexicon(terms, y, groups, 5, 2, 1).plus).toEqual(['rare', 'detail', 'brandx']);
    expect(mineLexicon(terms, y, groups, 1, 2, 1)).toEqual({ plus: ['rare'], minus: ['yum'] });
  });
});
