import { Rng } from '../../io/rng';
import type { SplitFractions, SplitName } from '../../../shared/schemas/corpus';

export interface SplitOptions {
  seed: number;
  fractions: SplitFractions;
}

/**
 * Assigns every item a split so that all items of one group share it (the same author,
 * product or prompt never sits in train and test at once). Groups are shuffled with the seed
 * and dealt out in that order until each split holds its share of *items* (not of groups), so
 * a few large groups cannot starve a split. Same groups and seed → same splits.
 *
 * `groups[i]` is item i's group key; returns one split per item, in order.
 */
export function splitByGroup(groups: readonly string[], { seed, fractions }: SplitOptions): SplitName[] {
  const sizes = new Map<string, number>();
  for (const g of groups) sizes.set(g, (sizes.get(g) ?? 0) + 1);
  // Sorting first makes the result independent of the order in which groups were first seen.
  const keys = [...sizes.keys()].sort();
  const rng = new Rng(seed);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const total = groups.length;
  const targetTrain = fractions.train * total;
  const targetDev = (fractions.train + fractions.dev) * total;
  const splitOf = new Map<string, SplitName>();
  let placed = 0;
  for (const key of keys) {
    // A group goes where the running count's midpoint falls: splits end within half a group of their targets.
    const mid = placed + sizes.get(key)! / 2;
    splitOf.set(key, mid <= targetTrain ? 'train' : mid <= targetDev ? 'dev' : 'test');
    placed += sizes.get(key)!;
  }
  return groups.map((g) => splitOf.get(g)!);
}

export function countSplits(splits: readonly SplitName[]): Record<SplitName, number> {
  const counts = { train: 0, dev: 0, test: 0 };
  for (const s of splits) counts[s]++;
  return counts;
}
