import { describe, expect, it } from 'vitest';
import { countSplits, splitByGroup } from './splits';

const fractions = { train: 0.8, dev: 0.1, test: 0.1 };

describe('splitByGroup', () => {
  it('never puts one group in two splits, and hits the item shares within one group', () => {
    // 300 items in 60 groups of uneven size (1..9 items)
    const groups: string[] = [];
    for (let g = 0; groups.length < 300; g++) for (let k = 0; k < (g % 9) + 1 && groups.length < 300; k++) groups.push(`author-${g}`);
    const splits = splitByGroup(groups, { seed: 7, fractions });
    const seen = new Map<string, string>();
    groups.forEach((g, i) => {
      expect(seen.get(g) ?? splits[i]).toBe(splits[i]);
      seen.set(g, splits[i]);
    });
    const counts = countSplits(splits);
    expect(counts.train + counts.dev + counts.test).toBe(300);
    // each split ends within half of the largest group (9 items) of its target
    expect(Math.abs(counts.train - 240)).toBeLessThanOrEqual(9);
    expect(Math.abs(counts.dev - 30)).toBeLessThanOrEqual(9);
    expect(Math.abs(counts.test - 30)).toBeLessThanOrEqual(9);
  });

  it('is reproducible from the seed, independent of item order, and changes with the seed', () => {
    const groups = Array.from({ length: 200 }, (_, i) => `p${i % 50}`);
    const a = splitByGroup(groups, { seed: 1, fractions });
    expect(splitByGroup(groups, { seed: 1, fractions })).toEqual(a);
    const reversed = splitByGroup([...groups].reverse(), { seed: 1, fractions }).reverse();
    expect(reversed).toEqual(a);
    expect(splitByGroup(groups, { seed: 2, fractions })).not.toEqual(a);
  });

  it('with one item per group, counts are the rounded shares', () => {
    const groups = Array.from({ length: 10 }, (_, i) => `r${i}`);
    expect(countSplits(splitByGroup(groups, { seed: 3, fractions: { train: 0.6, dev: 0.2, test: 0.2 } }))).toEqual({ train: 6, dev: 2, test: 2 });
  });
});
