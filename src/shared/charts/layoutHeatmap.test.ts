import { describe, expect, it } from 'vitest';
import { colourRange, layoutHeatmapSvg } from './layoutHeatmap';

describe('layout heat maps', () => {
  it('span the minimum to a quantile when asked, so an extreme edge row does not wash the interior out', () => {
    // a 64 × 64 map like CircuitNet's RUDY: the top row ten times the interior, which varies 0.005–0.015
    const values = Array.from({ length: 64 * 64 }, (_, i) => (i < 64 ? 0.12 : 0.005 + 0.01 * ((i % 64) / 63)));
    expect(colourRange(values)).toEqual({ lo: 0.005, hi: 0.12 });
    const { lo, hi } = colourRange(values, 0.98);
    expect(lo).toBeCloseTo(0.005, 6);
    expect(hi).toBeLessThan(0.02);
    // at the 98th percentile the interior is drawn in colour, not left white (min-max leaves all but the edge row and a sliver white)
    const cells = (upper?: number) => layoutHeatmapSvg({ h: 64, w: 64, values, upper }, 64).match(/<rect x=/g)!.length;
    expect(cells(0.98)).toBeGreaterThan(64 + 62 * 63);
    expect(cells()).toBeLessThan(64 + 63 * 63);
  });

  it('keep the maximum when only a few cells rise above the minimum', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 5 ? 2 : 0));
    expect(colourRange(values, 0.98)).toEqual({ lo: 0, hi: 2 });
    expect(colourRange([])).toEqual({ lo: 0, hi: 0 });
  });
});
