import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { matchFeatures } from './crossRun';
import { maxWeightAssignment } from './hungarian';

/** Every injective assignment of rows into columns (rows ≤ cols), by brute force. */
function bestByEnumeration(w: number[][]): number {
  const rows = w.length;
  const cols = w[0].length;
  let best = -Infinity;
  const used = new Array<boolean>(cols).fill(false);
  const walk = (i: number, sum: number) => {
    if (i === rows) return void (best = Math.max(best, sum));
    for (let j = 0; j < cols; j++) {
      if (used[j]) continue;
      used[j] = true;
      walk(i + 1, sum + w[i][j]);
      used[j] = false;
    }
  };
  walk(0, 0);
  return best;
}

const total = (w: number[][], a: Int32Array) => Array.from(a).reduce((s, j, i) => s + (j < 0 ? 0 : w[i][j]), 0);

describe('maxWeightAssignment', () => {
  it('takes the pairs greedy matching misses', () => {
    // greedy takes 0.9 first and is left with 0.1 (total 1.0); the optimum is 0.8 + 0.85 = 1.65
    const w = [
      [0.9, 0.8],
      [0.85, 0.1],
    ];
    expect(Array.from(maxWeightAssignment(Float32Array.from(w.flat()), 2, 2))).toEqual([1, 0]);
  });

  it('assigns every row of a wide matrix and every column of a tall one', () => {
    const wide = [
      [0.1, 0.9, 0.3],
      [0.2, 0.95, 0.4],
    ];
    // 0.9 + 0.4 = 1.3 beats 0.3 + 0.95 = 1.25: the larger single cosine (0.95) is given up
    expect(Array.from(maxWeightAssignment(Float32Array.from(wide.flat()), 2, 3))).toEqual([1, 2]);
    const tall = [
      [0.1, 0.2],
      [0.9, 0.95],
      [0.3, 0.4],
    ];
    expect(Array.from(maxWeightAssignment(Float32Array.from(tall.flat()), 3, 2))).toEqual([-1, 0, 1]);
  });

  it('reaches the enumerated optimum on random matrices', () => {
    const rng = new Rng(7);
    for (const [r, c] of [[5, 5], [4, 6], [6, 4], [7, 7]] as const) {
      for (let t = 0; t < 20; t++) {
        const w = Array.from({ length: r }, () => Array.from({ length: c }, () => Math.fround(rng.next() * 2 - 1)));
        const a = maxWeightAssignment(Float32Array.from(w.flat()), r, c);
        expect(new Set(Array.from(a).filter((j) => j >= 0)).size).toBe(Math.min(r, c));
        const brute = r <= c ? bestByEnumeration(w) : bestByEnumeration(w[0].map((_, j) => w.map((row) => row[j])));
        expect(total(w, a)).toBeCloseTo(brute, 5);
      }
    }
  });
});

describe('matchFeatures', () => {
  it('computes cosines, MMCS both ways and the assignment by hand', async () => {
    // A = e1, e2; B = (1,1), (1,0), (−1,0). cos(A,B): [[√½, 1, −1], [√½, 0, 0]]
    const m = await matchFeatures(Float32Array.of(1, 0, 0, 1), Float32Array.of(1, 1, 1, 0, -1, 0), 2);
    const h = Math.SQRT1_2;
    expect(Array.from(m.bestAB)).toEqual([1, expect.closeTo(h, 6)]);
    expect(Array.from(m.bestABIndex)).toEqual([1, 0]);
    expect(m.mmcsAB).toBeCloseTo((1 + h) / 2, 6);
    // B's best in A: (1,1)→ √½ (either), (1,0)→ 1 via e1, (−1,0)→ 0 via e2
    expect(Array.from(m.bestBA)).toEqual([expect.closeTo(h, 6), 1, expect.closeTo(0, 6)]);
    expect(m.bestBAIndex[1]).toBe(0);
    expect(m.bestBAIndex[2]).toBe(1);
    expect(m.mmcsBA).toBeCloseTo((h + 1 + 0) / 3, 6);
    expect(Array.from(m.assignment ?? [])).toEqual([1, 0]);
    expect(m.matchedAbove).toEqual([
      { threshold: 0.5, pairs: 2 },
      { threshold: 0.7, pairs: 2 },
      { threshold: 0.9, pairs: 1 },
    ]);
  });

  it('recovers a known permutation exactly, whatever the scale of each direction', async () => {
    const rng = new Rng(3);
    const n = 40;
    const d = 16;
    const a = Float32Array.from({ length: n * d }, () => rng.next() * 2 - 1);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      [perm[i], perm[j]] = [perm[j], perm[i]];
    }
    // B's row perm[i] is A's row i times a positive scale
    const b = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) b[perm[i] * d + k] = a[i * d + k] * (0.5 + i / n);
    const m = await matchFeatures(a, b, d);
    expect(Array.from(m.assignment ?? [])).toEqual(perm);
    expect(m.mmcsAB).toBeCloseTo(1, 5);
    expect(m.mmcsBA).toBeCloseTo(1, 5);
    expect(m.matchedAbove.at(-1)).toEqual({ threshold: 0.9, pairs: n });
  });
});
