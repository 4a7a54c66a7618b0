import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { buildPAnneal, PAnnealConfig, pSchedule } from './panneal';
import { atmMask } from './atm';

/* The p-annealing state machine of ALGORITHMS-DETAIL.md §1.7, driven without an engine run. */
describe('p-annealing schedule', () => {
  const cfg = PAnnealConfig.parse({ pEnd: 0.2, annealStartFraction: 0.5 });

  const steps = 1000;
  /** Drives the state machine as the trainer does (feeds for step t, then afterStep of t) and records the p each executed step used. */
  const run = (c: PAnnealConfig) => {
    const step = buildPAnneal(c, { d: 4, m: 8, B: 2, steps, bDec: new Float32Array(4), rng: new Rng(0) });
    const used: number[] = [];
    for (let t = 1; t <= steps; t++) {
      used.push(step.feeds(t).p[0]);
      step.afterStep!({ step: t, out: { lp: Float32Array.of(2), lpNext: Float32Array.of(4) }, value: () => new Float32Array(0), set: () => undefined, batch: new Float32Array(0) });
    }
    return { used, lambda: step.hostState!().lambda as number };
  };
  const distinct = (ps: number[]) => ps.filter((p, i) => i === 0 || p !== ps[i - 1]);

  it('trains its last steps at p_end, every p value of the schedule for an equal share of the anneal', () => {
    const { used, lambda } = run(cfg);
    expect(used.at(-1)).toBeCloseTo(0.2, 6);
    const values = distinct(used);
    expect(values).toHaveLength(10);
    values.forEach((p, k) => expect(p).toBeCloseTo(1 - (0.8 * k) / 9, 6));
    // anneal from step 500 to the end: p_1..p_9 each hold for 50 steps, p_end for the last 50
    const runOf = (p: number) => used.filter((q) => q === p).length;
    for (let k = 1; k < 10; k++) expect(runOf(values[k])).toBe(50);
    expect(used.slice(-50).every((p) => p === values[9])).toBe(true);
    // Each of the 9 changes multiplies λ by mean S_p / mean S_next = 2/4.
    expect(lambda).toBeCloseTo(cfg.sparsityCoefficient * 0.5 ** 9, 10);
  });

  it('reference-compatible: the last change of p falls after the final step, so training ends at 0.289 for 1 → 0.2, K = 10', () => {
    const { used, lambda } = run({ ...cfg, referenceCompatible: true });
    expect(used.at(-1)).toBeCloseTo(1 - (0.8 * 8) / 9, 6);
    expect(used.at(-1)).toBeCloseTo(0.2889, 4);
    expect(Math.min(...used)).toBeCloseTo(0.2889, 4);
    expect(distinct(used)).toHaveLength(9);
    expect(lambda).toBeCloseTo(cfg.sparsityCoefficient * 0.5 ** 8, 10);
    // u_k = int(linspace(500, 1000, 10)); p changes after reference step u_k, i.e. from studio step u_k + 2
    const { at } = pSchedule({ ...cfg, referenceCompatible: true }, steps);
    expect(at[0]).toBe(500);
    expect(at[1]).toBe(555);
    expect(used[555]).toBeCloseTo(1, 6);
    expect(used[556]).toBeCloseTo(1 - 0.8 / 9, 6);
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
