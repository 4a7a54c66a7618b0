import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { grad } from '../autodiff/grad';
import { input } from '../ir/tensor';
import * as o from '../ops';
import { trainStep } from '../optim/train-step';
import { evaluate } from '../reference/interpret';
import { Program } from '../runtime/program';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import { CausalSelfAttention } from './attention';
import { Gpt } from './gpt';
import { Params } from './params';

const i64 = (xs: number[]) => BigInt64Array.from(xs.map(BigInt));

describe('nn', () => {
  it('a 1-layer GPT memorises a short token sequence (loss < 0.05)', async () => {
    const ps = new Params(new Rng(5));
    const gpt = new Gpt(ps, { vocab: 12, context: 15, d: 32, heads: 4, layers: 1 });
    const { loss } = gpt.nextTokenLoss(1);
    const program = await Program.compile(trainStep({ loss, params: ps.list(), optimizer: { kind: 'adam' } }), ps.initial(), { threads: 2 });
    const seq = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3];
    const feeds = { ids: i64(seq.slice(0, 15)), targets: i64(seq.slice(1)) };
    let last = Infinity;
    for (let step = 1; step <= 200 && last >= 0.05; step++) {
      const out = await program.run({ ...feeds, lr: Float32Array.of(1e-2), step: Float32Array.of(step) });
      last = (out.loss as Float32Array)[0];
    }
    expect(last).toBeLessThan(0.05);
    await program.dispose();
  });

  it('causal attention: no position sees the future, and its gradient matches finite differences', async () => {
    const ps = new Params(new Rng(2));
    const attn = new CausalSelfAttention(ps, 4, 2);
    const x = input('x', [1, 3, 4]);
    const y = attn.forward(x);
    const rng = new Rng(9);
    const feeds: Record<string, number[]> = { x: Array.from({ length: 12 }, () => rng.normal()) };
    for (const [name, v] of Object.entries(ps.initial())) feeds[name] = Array.from(v);
    // Changing the last token must leave the first two outputs unchanged.
    const changed = { ...feeds, x: feeds.x.map((v, i) => (i >= 8 ? v + 1 : v)) };
    const [a, b] = [evaluate([y], feeds)[0].data, evaluate([y], changed)[0].data];
    expect(mismatch(b.subarray(0, 8), Array.from(a.subarray(0, 8)), { rtol: 0, atol: 1e-12 })).toBeNull();
    expect(Math.abs(b[8] - a[8])).toBeGreaterThan(1e-3);
    // d loss / d W_qkv by central differences (float64 reference), and the same gradient run by ORT.
    const w = rng.normal();
    const loss = o.reduceSum(o.mul(o.mul(y, y), w));
    const [gw] = grad(loss, [attn.qkv.w]);
    const analytic = evaluate([gw], feeds)[0].data;
    const h = 1e-5;
    const numeric = feeds['qkv.w'].map((_, i) => {
      const at = (d: number) => evaluate([loss], { ...feeds, 'qkv.w': feeds['qkv.w'].map((v, j) => (j === i ? v + d : v)) })[0].data[0];
      return (at(h) - at(-h)) / (2 * h);
    });
    expect(mismatch(analytic, numeric, { rtol: 1e-6, atol: 1e-8 })).toBeNull();
    const got = await runOrt({ gw }, feeds);
    expect(mismatch(got.gw, Array.from(analytic), { rtol: 1e-3, atol: 1e-5 })).toBeNull();
  });
});
