import { describe, expect, it } from 'vitest';
import { ballMapper, balls, mergeSubsets, overlapEdges } from './ballMapper';
import { Rng } from '../io/rng';
import { cosineDistances, cosineDistancesOrt, sortedNearestDistances, unitRows } from './cosine';

/** |a − b| between points on a line, as a row-major matrix. */
const lineDistances = (xs: number[]) => Float64Array.from({ length: xs.length ** 2 }, (_, k) => Math.abs(xs[Math.floor(k / xs.length)] - xs[k % xs.length]));

describe('classic Ball Mapper (ALGORITHMS-DETAIL §11)', () => {
  it('picks landmarks in order, fills balls within ε and joins balls that share a point', () => {
    // points 0, .1, .2, 1, 1.05, 3 at ε = .15: landmarks 0 (.1 is within), .2 (.2 > ε from 0),
    // 1 (1.05 is within), 3. Balls: {0,.1}, {.1,.2}, {1,1.05}, {3}; only the first two share .1.
    const xs = [0, 0.1, 0.2, 1, 1.05, 3];
    const g = ballMapper(lineDistances(xs), xs.length, 0.15);
    expect(g.nodes).toEqual([
      { landmark: 0, members: [0, 1] },
      { landmark: 2, members: [1, 2] },
      { landmark: 3, members: [3, 4] },
      { landmark: 5, members: [5] },
    ]);
    expect(g.edges).toEqual([[0, 1]]);
  });

  it('counts a point at exactly ε as inside (≤) and a landmark needs > ε', () => {
    const xs = [0, 0.25, 0.5];
    expect(balls(lineDistances(xs), 3, 0.25)).toEqual([
      { landmark: 0, members: [0, 1] },
      { landmark: 2, members: [1, 2] },
    ]);
  });

  it('depends on the order of the points (landmarks in a fixed order)', () => {
    const xs = [0.1, 0, 0.2];
    expect(balls(lineDistances(xs), 3, 0.15).map((b) => b.landmark)).toEqual([0]);
  });

  it('merges a node into a neighbour that holds all its members, keeping the earlier of equal balls', () => {
    const nodes = [
      { landmark: 0, members: [0, 1] },
      { landmark: 1, members: [0, 1, 2] },
      { landmark: 3, members: [3, 4] },
      { landmark: 4, members: [3, 4] },
      { landmark: 2, members: [2] },
      { landmark: 5, members: [5, 6] },
    ];
    const merged = mergeSubsets(nodes);
    expect(merged.map((n) => n.landmark)).toEqual([1, 3, 5]);
    expect(overlapEdges(merged, 7)).toEqual([]);
  });

  it('merges repeatedly along a chain of subsets', () => {
    const merged = mergeSubsets([
      { landmark: 0, members: [0] },
      { landmark: 1, members: [0, 1] },
      { landmark: 2, members: [0, 1, 2] },
      { landmark: 3, members: [2, 3] },
    ]);
    expect(merged.map((n) => n.members)).toEqual([[0, 1, 2], [2, 3]]);
    expect(overlapEdges(merged, 4)).toEqual([[0, 1]]);
  });
});

describe('cosine distances of decoder directions', () => {
  it('normalises rows and clips 1 − cos to [0, 2]', () => {
    // rows: (2, 0), (0, 3), (−1, 0), (1, 1)
    const wDec = Float32Array.from([2, 0, 0, 3, -1, 0, 1, 1]);
    const unit = unitRows(wDec, 2, [0, 1, 2, 3]);
    const d = cosineDistances(unit, 4, 2);
    expect(d[0 * 4 + 1]).toBeCloseTo(1, 6);
    expect(d[0 * 4 + 2]).toBeCloseTo(2, 6);
    expect(d[0 * 4 + 3]).toBeCloseTo(1 - Math.SQRT1_2, 6);
    expect(d[3 * 4 + 0]).toBeCloseTo(d[0 * 4 + 3], 7);
    expect(d[5]).toBe(0);
    expect(Array.from(sortedNearestDistances(d, 4)).map((v) => +v.toFixed(4))).toEqual([0.2929, 0.2929, 0.2929, 1]);
  });

  it('gives the same matrix from the Gram product on ONNX Runtime as from the JavaScript loop', async () => {
    const rng = new Rng(5);
    const n = 37;
    const d = 24;
    const unit = unitRows(Float32Array.from({ length: n * d }, () => rng.normal()), d, Array.from({ length: n }, (_, i) => i));
    const js = cosineDistances(unit, n, d);
    const ort = await cosineDistancesOrt(unit, n, d);
    for (let k = 0; k < n * n; k++) expect(Math.abs(ort[k] - js[k])).toBeLessThan(1e-5);
    for (let i = 0; i < n; i++) expect(ort[i * n + i]).toBe(0);
  });
});
