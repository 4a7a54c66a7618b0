import { describe, expect, it } from 'vitest';
import { topFeatures } from './reportCards';

describe('topFeatures', () => {
  const table = { features: 6, frequency: [0.1, 0, 0.4, 0.4, 0.05, 0.2], bestF1: [0.9, 0.99, 0.3, 0.5, 0.9, 0] };

  it('takes the most frequent features, ties by id', () => {
    expect(topFeatures(table, 'frequency', 3)).toEqual([2, 3, 5]);
  });

  it('takes the best board classifiers, leaving out features that never fire', () => {
    // feature 1 has the highest F1 but fires on no row
    expect(topFeatures(table, 'bestF1', 3)).toEqual([0, 4, 3]);
    expect(topFeatures(table, 'bestF1', 10)).toHaveLength(5);
  });
});
