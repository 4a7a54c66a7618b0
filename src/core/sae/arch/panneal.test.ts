import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { buildPAnneal, PAnnealConfig, pSchedule } from './panneal';
import { atmMask } from './atm';

/* The p-annealing state machine of ALGORITHMS-DETAIL.md §1.7, driven without an engine run. */
describe('p-annealing schedule', () => {
  const cfg = PAnnealConfig.parse({ pEnd: 0.2, annealStartFraction: 0.5 });

  it('reaches p_end; the reference-compatible schedule stops one value short (0.289 for 1 → 0.2, K = 10)', () => {
    const steps = 1000;
    const run = (c: PAnnealConfig) => {
      const step = buildPAnneal(c, { d: 4, m: 8, B: 2, steps, bDec: new Float32Array(4), rng: new Rng(0) });
      let p = 1;
      for (let t = 1; t <= steps; t++) {
        p = step.feeds(t).p[0];
        step.afterStep!({ step: t, out: { lp: Float32Array.of(2), lpNext: Float32Array.of(4) }, value: () => new Float32Array(0), set: () => undefined, batch: new Float32Array(0) });
      }
      return { p, lambda: step.hostState!().lambda as number, pLast: step.feeds(steps + 1).p[0] };
    };
    const correct = run(cfg);
    expect(correct.pLast).toBeCloseTo(0.2, 6);
    const compat = run({ ...cfg, referenceCompatible: true });
    expect(compat.pLast).toBeCloseTo(1 - (0.8 * 8) / 9, 6);
    expect(compat.pLast).toBeCloseTo(0.2889, 4);
    // Each of the 9 (8 compatible) changes multiplies λ by mean S_p / mean S_next = 2/4.
    expect(correct.lambda).toBeCloseTo(cfg.sparsityCoefficient * 0.5 ** 9, 10);
    expect(compat.lambda).toBeCloseTo(cfg.sparsityCoefficient * 0.5 ** 8, 10);
    const { at } = pSchedule(cfg, steps);
    expect(at[0]).toBe(500);
    expect(at[9]).toBe(999);
  });
});

describe('ATM-like mask', () => {
  it('masks only features whose importance falls below mean − κ·std, more often the further below', () => {
    const m = 200;
    const mag = Float32Array.from({ length: m }, (_, i) => (i < 10 ? 0 : 1 + (i % 7) * 0.01));
    const draws = Array.from({ length: 200 }, (_, s) => {
      const rng = new Rng(s);
      return atmMask(mag, mag, mag, { kappa: 1, temperature: 0.5 }, () => rng.next());
    });
    const maskedRate = (i: number) => draws.filter((mk) => mk[i] === 0).length / draws.length;
    for (let i = 0; i < 10; i++) expect(maskedRate(i)).toBeGreaterThan(0.9);
    for (let i = 10; i < m; i++) expect(maskedRate(i)).toBe(0);
  });
});
