import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input } from '../ir/tensor';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import { scatterAdd, scatterAlong } from './indexing';

/*
 * ORT 1.30's ScatterND(reduction=add) returns wrong sums when indices repeat and 2+ intra-op
 * threads run. These run the engine's lowerings at 2 threads with heavy repetition (every
 * output row receives ~100 updates, the SAE TopK decoder-gradient pattern) against a float64 loop.
 */
describe('scatter-add with repeated indices at 2 intra-op threads', () => {
  it('scatterAdd (segment sum) is exact to float32 round-off', async () => {
    const [n, rows, width] = [6144, 60, 48];
    const rng = new Rng(21);
    const idx = Array.from({ length: n }, () => 1 + rng.int(rows - 2)); // the first and last rows receive nothing
    const upd = Array.from({ length: n * width }, () => rng.normal());
    const expected = new Float64Array(rows * width);
    idx.forEach((r, i) => {
      for (let j = 0; j < width; j++) expected[r * width + j] += upd[i * width + j];
    });
    const got = await runOrt({ out: scatterAdd(input('idx', [n], 'int64'), input('upd', [n, width]), rows) }, { idx, upd }, 2);
    // Sums of ~100 unit normals: float32 accumulation error is ~1e-5 in absolute terms.
    expect(mismatch(got.out, expected, { rtol: 1e-5, atol: 1e-4 })).toBeNull();
    expect(got.out.slice(0, width)).toEqual(new Array(width).fill(0));
    expect(got.out.slice((rows - 1) * width)).toEqual(new Array(width).fill(0));
  });

  it('scatterAdd of scalars (ScatterElements add: counting fired latents) sums repeats', async () => {
    const [n, rows] = [32768, 4096];
    const rng = new Rng(23);
    const idx = Array.from({ length: n }, () => rng.int(rows - 1)); // the last row receives nothing
    const upd = Array.from({ length: n }, () => rng.normal());
    const expected = new Float64Array(rows);
    idx.forEach((r, i) => (expected[r] += upd[i]));
    const got = await runOrt({ out: scatterAdd(input('idx', [n], 'int64'), input('upd', [n]), rows) }, { idx, upd }, 2);
    expect(mismatch(got.out, expected, { rtol: 1e-5, atol: 1e-5 })).toBeNull();
    expect(got.out[rows - 1]).toBe(0);
  });

  it('scatterAlong (ScatterElements add, the topk-values gradient) sums repeats', async () => {
    const [batch, k, width] = [256, 64, 8];
    const rng = new Rng(22);
    const idx = Array.from({ length: batch * k }, () => rng.int(width));
    const g = Array.from({ length: batch * k }, () => rng.normal());
    const expected = new Float64Array(batch * width);
    idx.forEach((c, i) => (expected[Math.floor(i / k) * width + c] += g[i]));
    const got = await runOrt({ out: scatterAlong(input('g', [batch, k]), input('idx', [batch, k], 'int64'), width) }, { g, idx }, 2);
    expect(mismatch(got.out, expected, { rtol: 1e-5, atol: 1e-5 })).toBeNull();
  });
});
