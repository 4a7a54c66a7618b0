import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { foldItems, pooledResult, productFoldOf } from './crossval';
import { drawProducts, pairedClusterSpearman, productMembers, verdictOf, withinFoldPercentiles } from './crossval-metrics';
import type { ReviewItem } from './discover';

/** 120 synthetic reviews of 23 products of uneven size; about two in three have a test-grade target. */
function syntheticItems(): { items: ReviewItem[]; testIds: Set<string> } {
  const rng = new Rng(7);
  const items: ReviewItem[] = Array.from({ length: 120 }, (_, i) => ({ id: `r${i}`, text: `review ${i}`, target: rng.next(), group: `p${Math.floor(Math.sqrt(rng.int(23 * 23)))}`, split: 'train' }));
  return { items, testIds: new Set(items.filter(() => rng.next() < 0.65).map((it) => it.id)) };
}

describe('product-grouped folds', () => {
  it('test products never train or validate in their fold, train and validation share no product, and every test-grade review is tested exactly once', () => {
    const { items, testIds } = syntheticItems();
    const k = 5;
    const foldOf = productFoldOf(items, testIds, k, 42);
    const tested = new Map<string, number>();
    for (let f = 0; f < k; f++) {
      const fi = foldItems(items, foldOf, testIds, f, 42, 0.25);
      const products = (split: string) => new Set(fi.filter((it) => it.split === split).map((it) => it.group));
      const [train, dev, test] = [products('train'), products('dev'), products('test')];
      expect(test.size).toBeGreaterThan(0);
      for (const g of test) expect(train.has(g) || dev.has(g)).toBe(false);
      for (const g of dev) expect(train.has(g)).toBe(false);
      for (const it of fi.filter((x) => x.split === 'test')) {
        expect(testIds.has(it.id)).toBe(true);
        tested.set(it.id, (tested.get(it.id) ?? 0) + 1);
      }
      // every review outside the fold's products fits (train or validation); none is lost
      expect(fi.filter((x) => x.split !== 'test')).toHaveLength(items.filter((_, i) => foldOf[i] !== f).length);
    }
    expect([...tested.keys()].sort()).toEqual([...testIds].sort());
    expect([...tested.values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses more folds than products with a test-grade review, naming --folds', () => {
    const items: ReviewItem[] = ['a', 'a', 'b'].map((g, i) => ({ id: `r${i}`, text: '', target: i, group: g, split: 'train' }));
    expect(() => productFoldOf(items, new Set(['r0', 'r2']), 3, 1)).toThrow(/2 products.*3 folds/);
  });
});

describe('pooled metrics', () => {
  it('ranks within each fold as (rank − ½)/n, ties averaged', () => {
    const p = withinFoldPercentiles([10, 30, 20, 5, 5, 1], [0, 0, 0, 1, 1, 1]);
    expect(Array.from(p)).toEqual([0.5 / 3, 2.5 / 3, 1.5 / 3, 2 / 3, 2 / 3, 0.5 / 3]);
  });

  it('the paired difference on hand-chosen product draws matches a hand computation', () => {
    // products P0 = reviews {0, 1}, P1 = {2, 3}; labels 1..4; A ranks perfectly, B swaps the first two
    const label = [1, 2, 3, 4];
    const a = [1, 2, 3, 4];
    const b = [2, 1, 3, 4];
    const members = productMembers(['P0', 'P0', 'P1', 'P1']);
    const draws = [Int32Array.from([0, 1]), Int32Array.from([0, 0]), Int32Array.from([1, 1])];
    // by hand: draw {P0,P1}: ρA 1, ρB 1 − 6·2/(4·15) = 0.8 → 0.2; {P0,P0}: 1 and −1 → 2; {P1,P1}: 1 and 1 → 0.
    // sorted differences 0, 0.2, 2: the 2.5% quantile sits at 0.05 of the way from 0 to 0.2, the 97.5% at 0.95 from 0.2 to 2
    const r = pairedClusterSpearman(a, b, label, members, draws);
    expect(r.difference.value).toBeCloseTo(0.2, 12);
    expect(r.difference.low).toBeCloseTo(0.01, 12);
    expect(r.difference.high).toBeCloseTo(1.91, 12);
    expect(r.b.low).toBeCloseTo(-1 + 1.8 * 0.05, 12);
    expect(verdictOf(r.difference.low, r.difference.high)).toBe('above');
  });

  it('two identical models differ by exactly 0 on every paired draw, however wide each interval is', () => {
    const rng = new Rng(3);
    const groups = Array.from({ length: 60 }, (_, i) => `p${i % 12}`);
    const label = groups.map(() => rng.next());
    const pred = label.map((y) => y + rng.normal());
    const r = pairedClusterSpearman(pred, [...pred], label, productMembers(groups), drawProducts(12, 200, 1));
    expect(r.a.high - r.a.low).toBeGreaterThan(0.1);
    expect([r.difference.low, r.difference.high]).toEqual([0, 0]);
    expect(verdictOf(r.difference.low, r.difference.high)).toBe('contains');
  });

  it('pools every model against bag of words with one verdict for discovered', () => {
    const rng = new Rng(5);
    const groups = Array.from({ length: 80 }, (_, i) => `p${i % 16}`);
    const fold = groups.map((g) => Number(g.slice(1)) % 4);
    const label = groups.map(() => rng.next());
    const good = label.map((y) => y + 0.1 * rng.normal());
    const noise = label.map(() => rng.next());
    const r = pooledResult({ discovered: good, bagOfWords: noise, lengthOnly: noise }, label, groups, fold, 1, 300);
    expect(r.paired.verdict).toBe('above');
    expect(r.models.lengthOnly!.minusBagOfWords).toEqual({ value: 0, low: 0, high: 0 });
    expect(r.models.discovered!.spearman).toBeGreaterThan(0.8);
  });
});
