import { describe, expect, it } from 'vitest';
import { computeRudy, uniformEdges, type NetList } from './rudy';
import { readGraphNetList } from './netlist-graph';
import { readMapNpy } from './npy-maps';
import { pearson } from '../common/rank-metrics';

const at = (p: { w: number; data: Float32Array }, x: number, y: number) => p.data[x * p.w + y];

describe('RUDY on hand-drawn nets', () => {
  // 3 × 2 unit gcells; planes are [x][y]
  const netList: NetList = {
    xEdges: [0, 1, 2, 3],
    yEdges: [0, 1, 2],
    siteWidth: 0.1,
    nets: [
      // two point pins on one horizontal line: h = 0 is clamped to the site width, w = 2 → weight ½ + 10
      { name: 'a', pins: [[0.5, 0.5, 0.5, 0.5], [2.5, 0.5, 2.5, 0.5]] },
      // two pin rectangles inside gcell (1, 1): box [1,2]×[1,2], weight 1 + 1
      { name: 'b', pins: [[1, 1, 1.5, 1.5], [1.5, 1.5, 2, 2]] },
      { name: 'single', pins: [[0, 0, 3, 2]] },
    ],
  };
  const m = computeRudy(netList);

  it('spreads 1/w + 1/h by covered area, long and short apart', () => {
    // net a covers x 0.5..2.5 and y 0.5..0.6: shares ½, 1, ½ of a gcell in x times 0.1 in y
    expect(at(m.rudy, 0, 0)).toBeCloseTo(10.5 * 0.5 * 0.1, 5);
    expect(at(m.rudy, 1, 0)).toBeCloseTo(10.5 * 0.1, 5);
    expect(at(m.rudy, 2, 0)).toBeCloseTo(10.5 * 0.5 * 0.1, 5);
    expect(at(m.rudy, 1, 1)).toBeCloseTo(2, 6);
    expect(at(m.rudy, 0, 1)).toBe(0);
    expect(at(m.rudyLong, 1, 0)).toBeCloseTo(1.05, 5);
    expect(at(m.rudyLong, 1, 1)).toBe(0);
    expect(at(m.rudyShort, 1, 1)).toBeCloseTo(2, 6);
    expect(Array.from(m.rudy.data).reduce((a, b) => a + b)).toBeCloseTo(2.1 + 2, 5);
  });

  it('pin RUDY: the net weight by each pin’s covered area; a point pin gives its gcell the whole weight', () => {
    expect(at(m.rudyPin, 0, 0)).toBeCloseTo(10.5, 5);
    expect(at(m.rudyPin, 2, 0)).toBeCloseTo(10.5, 5);
    // two quarter-gcell pins of weight 2
    expect(at(m.rudyPin, 1, 1)).toBeCloseTo(1, 6);
  });

  it('names a bad grid', () => {
    expect(() => computeRudy({ ...netList, xEdges: [0, 2, 1] })).toThrow(/edge 2 is 1 after 2/);
    expect(() => computeRudy({ ...netList, siteWidth: 0 })).toThrow(/siteWidth/);
    expect(uniformEdges(3, 2)).toEqual([-10, 2, 4, 6]);
  });
});

describe('RUDY from the N28 graph demo against CircuitNet’s map', () => {
  // ../shared/data/congestion (BSD-3, circuitnet/CircuitNet): net list of 2017-RISCY-b-…-p6 and
  // CircuitNet's RUDY of 2012-RISCY-b-…-p1 (same design, utilisation and macro placement).
  it('correlates above 0.5 (pin offsets are missing, and the power mesh differs)', async () => {
    const D = '../shared/data/congestion/';
    const ref = await readMapNpy(`${D}n28_feature_extraction_demo/2012-RISCY-b-1-c2-u0.7-m1-p1-f0__RUDY.npy.gz`);
    const nl = await readGraphNetList(`${D}n28_graph_demo/2017-RISCY-b-1-c2-u0.7-m1-p6-f0.graph.json.gz`, { nx: ref.height, ny: ref.width });
    expect(nl.nets.length).toBe(33568);
    const r = pearson(computeRudy(nl).rudy.data, ref.data);
    expect(r).toBeGreaterThan(0.5);
  }, 60_000);
});
