import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { crossover, mutate, mutationProbability, seedPool } from './genetics';
import { check, parseFeature, print, size, MAX_NODES } from './language';

describe('genetic operators', () => {
  it('crossover and mutation only ever produce valid, new definitions', () => {
    const rng = new Rng(7);
    const pool = seedPool();
    let crossed = 0;
    let mutated = 0;
    for (let k = 0; k < 300; k++) {
      const a = pool[rng.int(pool.length)];
      const b = pool[rng.int(pool.length)];
      const c = crossover(a, b, rng);
      if (c) {
        crossed++;
        expect(check(c, 'test')).toBe('scalar');
        expect(size(c)).toBeLessThanOrEqual(MAX_NODES);
        expect(print(c)).not.toBe(print(a));
        // a child parses back to itself: it is a definition, not just a tree
        expect(print(parseFeature(print(c)))).toBe(print(c));
      }
      const m = mutate(a, rng, ['macro', 'rudy', 'rudy_pin']);
      if (m) {
        mutated++;
        expect(print(parseFeature(print(m)))).toBe(print(m));
        expect(print(m)).not.toBe(print(a));
      }
    }
    expect(crossed).toBeGreaterThan(250);
    expect(mutated).toBeGreaterThan(250);
  });

  it('mutation keeps numbers inside their declared range and integers integral', () => {
    const rng = new Rng(3);
    const f = parseFeature('hotspots(rudy, 0.99, 100)');
    for (let k = 0; k < 200; k++) {
      const m = mutate(f, rng, ['rudy']);
      if (!m) continue;
      const text = print(m);
      const [, q, n] = text.match(/hotspots\([a-z_]+, ([\d.]+), (\d+)\)/) ?? [];
      if (q) {
        expect(+q).toBeGreaterThanOrEqual(0.5);
        expect(+q).toBeLessThanOrEqual(0.999);
        expect(Number.isInteger(+n) && +n >= 1 && +n <= 100).toBe(true);
      }
    }
  });

  it('the best-ranked feature is mutated with probability e^(−1/20), the 20th with e^(−1)', () => {
    expect(mutationProbability(1)).toBeCloseTo(Math.exp(-1 / 20), 12);
    expect(mutationProbability(20)).toBeCloseTo(Math.exp(-1), 12);
  });
});
