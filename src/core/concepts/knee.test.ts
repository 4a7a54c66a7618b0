import { describe, expect, it } from 'vitest';
import { kneeEpsilon, kneeIndex, truncate2 } from './knee';

describe('knee of sorted nearest-neighbour distances (Kneedle, convex increasing, S = 1)', () => {
  it('finds the knee of a hand-computed curve', () => {
    // y = [0, .1, .2, .3, 1] (already in [0, 1]); x = 0, .25, .5, .75, 1.
    // Flipped: yₜ[i] = 1 − y[4 − i] = [0, .7, .8, .9, 1]; D = yₜ − x = [0, .45, .3, .15, 0].
    // First local maximum at i = 1 (0.45); T = 0.45 − 1·0.25 = 0.2; D[2] = .3 ≥ T, D[3] = .15 < T
    // → knee at the maximum, mapped back through the flip: index 4 − 1 = 3, y = 0.3.
    expect(kneeIndex([0, 0.1, 0.2, 0.3, 1])).toBe(3);
  });

  it('truncates ε to two decimals rather than rounding', () => {
    // the same curve scaled by 0.43: the knee is index 3 again, y = 0.129 → ε = 0.12 (0.13 if rounded)
    expect(kneeEpsilon([0, 0.043, 0.086, 0.129, 0.43])).toBe(0.12);
    expect(truncate2(0.999)).toBe(0.99);
    expect(truncate2(0.3)).toBe(0.3);
  });

  it('takes the threshold from the last maximum and resets it at a minimum', () => {
    // y = [0, .05, .1, .6, .65, 1]: x = i/5; yₜ = [0, .35, .4, .9, .95, 1]; D = [0, .15, 0, .3, .15, 0].
    // Maxima at 1 and 3. At i = 1: T = .15 − .2 = −.05, D[2] = 0 not below; i = 2 is a minimum: T = 0;
    // i = 3: T = .3 − .2 = .1, D[4] = .15 not below; i = 4: D[5] = 0 < .1 → knee at 5 − 3 = 2 (y = .1).
    expect(kneeIndex([0, 0.05, 0.1, 0.6, 0.65, 1])).toBe(2);
  });

  it('has no knee on a straight line or a flat curve', () => {
    expect(kneeIndex([0, 1, 2, 3, 4])).toBeNull();
    expect(kneeIndex([0.2, 0.2, 0.2])).toBeNull();
    expect(kneeIndex([0.1, 0.5])).toBeNull();
  });
});
