import { describe, expect, it } from 'vitest';
import { describeMatchedL0, interpolateAtL0, matchedL0, matchedL0Columns } from './matchedL0';

describe('interpolation in log L0', () => {
  it('is linear in log L0 between neighbouring runs, exact at a run, and null outside the range', () => {
    const pts = [{ l0: 40, value: 0.6 }, { l0: 10, value: 0.2 }];
    // 20 lies halfway from 10 to 40 in log L0: log(2)/log(4) = 1/2
    expect(interpolateAtL0(pts, 20)).toBeCloseTo(0.4, 12);
    // 10·4^(1/4) is a quarter of the way
    expect(interpolateAtL0(pts, 10 * 4 ** 0.25)).toBeCloseTo(0.3, 12);
    expect(interpolateAtL0(pts, 10)).toBe(0.2);
    expect(interpolateAtL0(pts, 40)).toBe(0.6);
    expect(interpolateAtL0(pts, 9.99)).toBeNull();
    expect(interpolateAtL0(pts, 40.01)).toBeNull();
    expect(interpolateAtL0([], 10)).toBeNull();
  });

  it('uses only the two neighbours, not a fit through every run', () => {
    const pts = [{ l0: 1, value: 0 }, { l0: 10, value: 1 }, { l0: 100, value: 0 }];
    expect(interpolateAtL0(pts, Math.sqrt(10))).toBeCloseTo(0.5, 12);
    expect(interpolateAtL0(pts, Math.sqrt(1000))).toBeCloseTo(0.5, 12);
    expect(interpolateAtL0(pts, 10)).toBe(1);
  });

  it('takes runs at the same L0 as their mean', () => {
    const pts = [{ l0: 10, value: 0.2 }, { l0: 10, value: 0.4 }, { l0: 100, value: 1 }];
    expect(interpolateAtL0(pts, 10)).toBeCloseTo(0.3, 12);
    // halfway in log L0 from (10, 0.3) to (100, 1)
    expect(interpolateAtL0(pts, Math.sqrt(1000))).toBeCloseTo(0.65, 12);
  });

  it('refuses an L0 that cannot sit on a log axis, naming the point', () => {
    expect(() => interpolateAtL0([{ l0: 10, value: 0.2 }, { l0: 0, value: 0.1 }], 5)).toThrow(expect.objectContaining({ code: 'bad-input', where: 'points[1].l0' }));
    expect(() => interpolateAtL0([{ l0: 10, value: Number.NaN }], 10)).toThrow(expect.objectContaining({ where: 'points[0].value' }));
  });
});

describe('two sweeps at matched L0', () => {
  const run = (arch: string, l0: number, coverage: number, boardReconstruction: number) => ({ run: `${arch}-${l0}`, arch, l0, coverage, coverageAboveChance: coverage / 2, boardReconstruction });

  it('compares at every run L0 inside the overlap of the two ranges', () => {
    const records = [run('relu', 20, 0.3, 0.1), run('relu', 80, 0.5, 0.3), run('panneal', 10, 0.4, 0.2), run('panneal', 40, 0.6, 0.4), run('topk', 30, 0.9, 0.9)];
    const m = matchedL0(records, ['relu', 'panneal']);
    expect(m.overlap).toEqual([20, 40]);
    expect(m.ranges).toEqual([{ arch: 'relu', runs: 2, minL0: 20, maxL0: 80 }, { arch: 'panneal', runs: 2, minL0: 10, maxL0: 40 }]);
    expect(m.rows.map((r) => r.l0)).toEqual([20, 40]);
    // relu at 40: halfway from 20 to 80 in log L0 → 0.4; panneal at 20: halfway from 10 to 40 → 0.5
    const expected = [
      { coverage_relu: 0.3, coverage_panneal: 0.5, boardReconstruction_relu: 0.1, boardReconstruction_panneal: 0.3, coverageAboveChance_relu: 0.15, coverageAboveChance_panneal: 0.25 },
      { coverage_relu: 0.4, coverage_panneal: 0.6, boardReconstruction_relu: 0.2, boardReconstruction_panneal: 0.4, coverageAboveChance_relu: 0.2, coverageAboveChance_panneal: 0.3 },
    ];
    m.rows.forEach((row, i) => {
      for (const [k, v] of Object.entries(expected[i])) expect(row[k]).toBeCloseTo(v, 12);
    });
    expect(matchedL0Columns(m)).toEqual(['l0', 'coverage_relu', 'coverage_panneal', 'coverageAboveChance_relu', 'coverageAboveChance_panneal', 'boardReconstruction_relu', 'boardReconstruction_panneal']);
    expect(describeMatchedL0(m)).toContain('2 common L0 values in 20.0–40.0');
  });

  it('gives no rows, and says why, when the ranges do not overlap', () => {
    const m = matchedL0([run('relu', 50, 0.3, 0.1), run('relu', 80, 0.5, 0.3), run('panneal', 10, 0.4, 0.2), run('panneal', 40, 0.6, 0.4)], ['relu', 'panneal']);
    expect(m.overlap).toBeNull();
    expect(m.rows).toEqual([]);
    expect(describeMatchedL0(m)).toMatch(/do not overlap \(relu: 2 runs, L0 50\.0–80\.0; panneal: 2 runs, L0 10\.0–40\.0\)/);
    const none = matchedL0([run('relu', 50, 0.3, 0.1)], ['relu', 'panneal']);
    expect(none.overlap).toBeNull();
    expect(describeMatchedL0(none)).toContain('panneal: no runs');
  });

  it('compares only the metrics asked for', () => {
    const m = matchedL0([run('relu', 10, 0.3, 0.1), run('panneal', 10, 0.4, 0.2)], ['relu', 'panneal'], ['boardReconstruction']);
    expect(matchedL0Columns(m)).toEqual(['l0', 'boardReconstruction_relu', 'boardReconstruction_panneal']);
    expect(m.rows).toEqual([{ l0: 10, boardReconstruction_relu: 0.1, boardReconstruction_panneal: 0.2 }]);
  });

  it('names the record whose metric is missing', () => {
    expect(() => matchedL0([{ run: 'r1', arch: 'relu', l0: 10, coverage: 0.2, boardReconstruction: 0.1 }], ['relu', 'panneal'])).toThrow(expect.objectContaining({ where: 'records[0].coverageAboveChance (r1)' }));
  });
});
