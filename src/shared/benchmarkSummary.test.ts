import { describe, expect, it } from 'vitest';
import type { RunRecord } from './charts/runTable';
import { describeAbsorption, describeWhitening, topkAbsorptionAt, whiteningPairs } from './benchmarkSummary';

const sae = (run: string, arch: string, l0: number, extra: Record<string, number | string> = {}): RunRecord => ({ run, kind: 'sae', arch, l0, fvu: 0.1, whitening: 'none', config: '{}', ...extra });

describe('benchmark section', () => {
  it('interpolates TopK absorption in log L0 between its two nearest runs', () => {
    const records = [sae('t8', 'topk', 8, { absorption: 0.2 }), sae('t32', 'topk', 32, { absorption: 0.4 }), sae('atm', 'atm', 16, { absorption: 0.1 })];
    // 16 is halfway from 8 to 32 in log L0
    expect(topkAbsorptionAt(records, 16)).toBeCloseTo(0.3, 12);
    expect(topkAbsorptionAt(records, 64)).toBeNull();
    expect(describeAbsorption(records)).toBe('atm absorbs 0.100 at L0 16.0, TopK 0.300 at the same L0. 1 of 1 absorb less than TopK at matched L0.');
    const more = [...records.slice(0, 2), sae('atm', 'atm', 16, { absorption: 0.5 })];
    expect(describeAbsorption(more)).toMatch(/0 of 1 absorb less than TopK/);
  });

  it('pairs whitened runs with the same settings unwhitened and says which way sparse probing moved', () => {
    const records = [
      sae('topk', 'topk', 16, { sparseProbingK1: 0.7, sparseProbingK5: 0.8, config: '{"k":16}' }),
      sae('topk w', 'topk', 16, { sparseProbingK1: 0.75, sparseProbingK5: 0.78, fvu: 0.2, whitening: 'zca', config: '{"k":16}' }),
    ];
    const pairs = whiteningPairs(records);
    expect(pairs.map((p) => [p.whitened.run, p.plain.run])).toEqual([['topk w', 'topk']]);
    expect(describeWhitening(pairs)).toBe('topk w against topk: sparse probing up 0.050 at k = 1 and down 0.020 at k = 5, FVU up 0.100 (L0 16.0 against 16.0). Here whitening raised k = 1 sparse probing in every pair, as the paper claims.');
  });
});
