import { describe, expect, it } from 'vitest';
import { plane, topTileMean, tileMeans } from './grid';
import * as im from './operators';

// Small maps drawn by hand; rows top to bottom.
const P = (rows: number[][]) => plane(rows.length, rows[0].length, Float32Array.from(rows.flat()));
const rows = (p: { h: number; w: number; data: Float32Array }) => Array.from({ length: p.h }, (_, y) => Array.from(p.data.subarray(y * p.w, (y + 1) * p.w), (v) => +v.toFixed(4)));

const macro = P([
  [0, 0, 0, 0, 0],
  [0, 1, 1, 0, 0],
  [0, 1, 1, 0, 0],
  [0, 0, 0, 0, 1],
]);

describe('layout image operators', () => {
  it('above and topShare threshold absolutely and by quantile', () => {
    expect(rows(im.above(P([[0.1, 0.5, 0.9]]), 0.5))).toEqual([[0, 1, 1]]);
    // quantile 0.5 of [0, 0, 1, 2, 3] is 1; the minimum 0 is never "top"
    expect(rows(im.topShare(P([[0, 0, 1, 2, 3]]), 0.5))).toEqual([[0, 0, 1, 1, 1]]);
    expect(im.quantileOf(P([[4, 1, 3, 2]]), 0.5)).toBeCloseTo(2.5, 6);
  });

  it('blur and localVariance use the clipped (2r+1)² window', () => {
    const p = P([[0, 3, 0], [0, 0, 0]]);
    // corner (0,0) window = 2×2 = {0,3,0,0} → mean 0.75, variance 9/4 − 0.75² = 1.6875
    expect(im.blur(p, 1).data[0]).toBeCloseTo(0.75, 6);
    expect(im.localVariance(p, 1).data[0]).toBeCloseTo(1.6875, 5);
    // centre (0,1) window = whole 2×3 map → mean 0.5, variance 1.5 − 0.25
    expect(im.localVariance(p, 1).data[1]).toBeCloseTo(1.25, 5);
  });

  it('gradient: central differences inside, one-sided at the border', () => {
    const g = im.gradient(P([[0, 1, 4]]));
    expect(Array.from(g.data)).toEqual([1, 2, 3]);
  });

  it('distanceTo: chamfer distance, √2 on diagonals', () => {
    const d = im.distanceTo(P([[1, 0, 0], [0, 0, 0]]));
    expect(rows(d)).toEqual([[0, 1, 2], [1, 1.4142, 2.4142]]);
    expect(im.distanceTo(P([[0, 0]])).data[0]).toBe(3);
  });

  it('contour keeps mask pixels with a neighbour outside', () => {
    const solid = P([[1, 1, 1], [1, 1, 1], [1, 1, 1]]);
    // the die border counts as outside, so only the centre is interior
    expect(rows(im.contour(solid))).toEqual([[1, 1, 1], [1, 0, 1], [1, 1, 1]]);
  });

  it('components are 4-connected; keepLarge drops small ones', () => {
    const { sizes, labels } = im.components(macro);
    expect(sizes.slice(1)).toEqual([4, 1]);
    expect(labels[6]).toBe(1);
    expect(rows(im.keepLarge(macro, 2))[3]).toEqual([0, 0, 0, 0, 0]);
    expect(im.components(P([[1, 0], [0, 1]])).sizes.length - 1).toBe(2);
  });

  it('tile statistics: tile means, their map, and GPDL’s top-k tile mean', () => {
    const p = P([[1, 1, 5, 5], [1, 1, 5, 5], [0, 0, 2, 2], [0, 0, 2, 4]]);
    expect(rows(tileMeans(p, 2))).toEqual([[1, 5], [0, 2.5]]);
    expect(rows(im.tileMap(p, 2))[3]).toEqual([0, 0, 2.5, 2.5]);
    expect(topTileMean(p, 2, 2)).toBeCloseTo((5 + 2.5) / 2, 6);
    expect(im.stats(P([[1, 3]]))).toEqual({ sum: 4, mean: 2, max: 3, std: 1 });
  });
});
