import { describe, expect, it } from 'vitest';
import { plane, type Plane } from './grid';
import { context, describe as define, evaluateFeature, featureName, overlay, overlayUpper, parseFeature, print, OPS } from './language';

const P = (rows: number[][]): Plane => plane(rows.length, rows[0].length, Float32Array.from(rows.flat()));
const maps = {
  macro_region: P([[0, 0, 0, 0], [0, 1, 1, 0], [0, 1, 1, 0], [0, 0, 0, 0]]),
  RUDY: P([[0.1, 0.2, 0.3, 0.4], [0.2, 0, 0, 0.8], [0.2, 0, 0, 0.6], [0.1, 0.1, 0.1, 0.1]]),
  RUDY_pin: P([[1, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 1]]),
  congestion: P([[0, 0, 0, 0], [0, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 0]]),
};
const value = (text: string) => evaluateFeature(parseFeature(text), context(maps));
const rudyMean = 3.2 / 16;

describe('the layout feature language', () => {
  it('evaluates each operator on a constructed layout', () => {
    const cases: Record<string, number> = {
      'mean(rudy)': rudyMean,
      'max(rudy)': 0.8,
      'mean(above(rudy, 0.3))': 4 / 16,
      'mean(top(rudy, 0.9))': 2 / 16, // quantile 0.9 = 0.45 → 0.6, 0.8
      'mean(near(macro, 1))': 12 / 16, // the macro and its 4-neighbours (diagonals are √2 away)
      'mean(far(macro, 1))': 4 / 16,
      'max(dist(macro))': Math.SQRT2 / 4,
      'mean(edge(macro))': 4 / 16,
      'mean(not(macro))': 12 / 16,
      'components(large(rudy_pin, 2))': 0,
      'max(grad(rudy_pin))': Math.hypot(1, 1),
      'max(tiles(rudy, 2))': (0.3 + 0.4 + 0 + 0.8) / 4,
      'mean(mul(rudy, macro))': 0,
      'mean(add(rudy, macro))': rudyMean + 4 / 16,
      'mean(sub(rudy, macro))': rudyMean - 4 / 16,
      'max(ratio(rudy_pin, macro))': 1 / 1e-3,
      'std(macro)': Math.sqrt(0.25 - 0.0625),
      'quantile(rudy, 0.5)': 0.1,
      'toptiles(rudy, 1)': 0.8,
      'components(rudy_pin)': 2,
      'largest(macro)': 4 / 16,
      'perimeter(macro)': 1,
      'hotspots(rudy, 0.75, 1)': 1, // top 25 %: 0.3, 0.4, 0.8, 0.6 → one 4-connected region
      'per(mean(macro), max(rudy))': 0.25 / (0.8 + 1e-3),
      'times(mean(macro), max(rudy))': 0.25 * 0.8,
      'minus(mean(macro), max(rudy))': 0.25 - 0.8,
    };
    // blur(rudy_pin, 1): each corner 1 spreads to its 2×2 window (4 px) → Σ over pixels of window means
    const blurSum = 2 * (1 / 4 + 2 * (1 / 6) + 1 / 9);
    cases['mean(blur(rudy_pin, 1))'] = blurSum / 16;
    // localvar at a corner pixel: window {1,0,0,0} → 1/4 − 1/16
    cases['max(localvar(rudy_pin, 1))'] = 0.25 - 0.0625;
    const wrong = Object.entries(cases).filter(([text, expected]) => Math.abs(value(text) - expected) > 1e-5).map(([text, expected]) => `${text}: ${value(text)} ≠ ${expected}`);
    expect(wrong).toEqual([]);
    const tested = new Set(Object.keys(cases).flatMap((t) => t.match(/[a-z]+(?=\()/g) ?? []));
    expect(Object.keys(OPS).filter((op) => !tested.has(op))).toEqual([]);
  });

  it('names bad definitions', () => {
    expect(() => parseFeature('mean(congestion)')).toThrow(/label map/);
    expect(() => parseFeature('rudy')).toThrow(/must reduce to a number/);
    expect(() => parseFeature('mean(rudy, 2)')).toThrow(/mean takes 1 arguments, got 2/);
    expect(() => parseFeature('mean(near(macro, 0.5))')).toThrow(/argument 2 of near must be an integer in \[1, 32\], got 0.5/);
    expect(() => parseFeature('mean(blur(rudy))')).toThrow(/blur takes 2/);
    expect(() => parseFeature('wobble(rudy)')).toThrow(/unknown operator 'wobble'/);
    expect(() => parseFeature('mean(rudy')).toThrow(/expected '\)'/);
    expect(() => parseFeature('mean(mean(rudy))')).toThrow(/argument 1 of mean must be a map, got a scalar/);
    expect(() => evaluateFeature(parseFeature('mean(cell_density)'), context(maps))).toThrow(/no 'cell_density' map/);
  });

  it('prints, names, defines and overlays a feature', () => {
    const f = parseFeature('mean( mul(rudy,near(macro,4)) )');
    expect(print(f)).toBe('mean(mul(rudy, near(macro, 4)))');
    expect(featureName(f)).toBe('mean_mul_rudy_near_macro_4');
    expect(define(f)).toBe('mean of (RUDY) × (within 4 px of macros)');
    const o = overlay(f, context(maps))!;
    expect(o.data[0]).toBeCloseTo(0.1, 6);
    expect(overlay(parseFeature('per(mean(macro), max(rudy))'), context(maps))).toBe(maps.macro_region);
  });

  it('colours an overlay made from a RUDY map like RUDY (to its 98th percentile), any other to its maximum', () => {
    expect(overlayUpper(parseFeature('mean(mul(rudy, near(macro, 4)))'))).toBe(0.98);
    expect(overlayUpper(parseFeature('hotspots(rudy_pin, 0.9, 4)'))).toBe(0.98);
    expect(overlayUpper(parseFeature('largest(dist(top(rudy_long, 0.9)))'))).toBe(0.98);
    // the overlay is the macros here; the RUDY in the other factor is not drawn
    expect(overlayUpper(parseFeature('per(mean(macro), max(rudy))'))).toBe(1);
    expect(overlayUpper(parseFeature('perimeter(large(macro, 8))'))).toBe(1);
  });
});
