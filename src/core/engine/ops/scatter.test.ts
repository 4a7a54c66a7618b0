import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input } from '../ir/tensor';
import { exportStep } from '../onnx/export';
import { onnx } from '../onnx/proto';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import { scatterAdd, scatterAlong, sparseTMatmul } from './indexing';

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

  it('sparseTMatmul (the TopK weight gradient Gᵀ·x) sums runs that cross many blocks, and two over one index share its sort', async () => {
    // A TopK SAE's pattern: a few latents fire on most rows (runs of hundreds of terms), the rest rarely.
    const [B, k, m, d] = [256, 8, 300, 24];
    const rng = new Rng(24);
    const idx = Array.from({ length: B * k }, (_, i) => (i % k < 3 ? i % k : 3 + rng.int(m - 4))); // row m − 1 receives nothing
    const [w, v] = [0, 1].map(() => Array.from({ length: B * k }, () => rng.normal()));
    const [x, e] = [0, 1].map(() => Array.from({ length: B * d }, () => rng.normal()));
    const expected = (vals: number[], src: number[]) => {
      const out = new Float64Array(m * d);
      idx.forEach((r, i) => {
        for (let c = 0; c < d; c++) out[r * d + c] += vals[i] * src[Math.floor(i / k) * d + c];
      });
      return out;
    };
    const I = input('idx', [B, k], 'int64');
    const outputs = { enc: sparseTMatmul(I, input('w', [B, k]), input('x', [B, d]), m), dec: sparseTMatmul(I, input('v', [B, k]), input('e', [B, d]), m) };
    const got = await runOrt(outputs, { idx, w, v, x, e }, 2);
    expect(mismatch(got.enc, expected(w, x), { rtol: 1e-5, atol: 1e-4 })).toBeNull();
    expect(mismatch(got.dec, expected(v, e), { rtol: 1e-5, atol: 1e-4 })).toBeNull();
    expect(got.enc.slice((m - 1) * d)).toEqual(new Array(d).fill(0));
    const ops = onnx.ModelProto.decode(exportStep({ updates: [], outputs }).bytes).graph!.node!.map((n) => n.opType);
    expect(ops.filter((t) => t === 'TopK')).toHaveLength(1);
    expect(ops.filter((t) => t === 'MatMul')).toHaveLength(2);
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
