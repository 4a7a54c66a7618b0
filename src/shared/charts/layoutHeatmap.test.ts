import { describe, expect, it } from 'vitest';
import { colourRange, layoutHeatmapSvg } from './layoutHeatmap';

describe('layout heat maps', () => {
  it('span the minimum to the 98th percentile, so an extreme edge row does not wash the interior out', () => {
    // a 64 × 64 map like CircuitNet's RUDY: the top row ten times the interior, which varies 0.005–0.015
    const values = Array.from({ length: 64 * 64 }, (_, i) => (i < 64 ? 0.12 : 0.005 + 0.01 * ((i % 64) / 63)));
    const { lo, hi } = colourRange(values);
    expect(lo).toBeCloseTo(0.005, 6);
    expect(hi).toBeLessThan(0.02);
    // the interior's right half is drawn in colour, not left white
    const svg = layoutHeatmapSvg({ h: 64, w: 64, values }, 64);
    expect(svg.match(/<rect x=/g)!.length).toBeGreaterThan(64 + 31 * 63);
  });

  it('keep the maximum when only a few cells rise above the minimum', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i < 5 ? 2 : 0));
    expect(colourRange(values)).toEqual({ lo: 0, hi: 2 });
    expect(colourRange([])).toEqual({ lo: 0, hi: 0 });
  });
});
