import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { grad } from '../autodiff/grad';
import { input } from '../ir/tensor';
import * as o from '../ops';
import { evaluate } from '../reference/interpret';
import { mismatch } from '../testing/allclose';
import { runOrt } from '../testing/run-ort';
import { selectedLinear, sparseDecode } from './sparse';

const [B, d, m, k] = [5, 4, 9, 3];

describe('sparse TopK pieces', () => {
  it.each([
    ['sparse', false, false],
    ['sparse', true, true],
    ['dense', false, false],
    ['dense', true, false],
    ['dense', true, true],
  ] as const)('match the dense computation and its gradients (float64 reference and ORT), %s weight gradients, chosen values given: %s, bias as shift: %s', async (mode, given, asShift) => {
    const rng = new Rng(31);
    // x is centred by a bias, as an SAE centres by b_dec: given as `shift`, its gradient is one
    // vector–matrix product; centred by hand first, it is the column sum of d x
    const bias = input('bias', [d]);
    const raw = input('x', [B, d]);
    const x = o.sub(raw, bias);
    const wMD = input('w', [m, d]);
    const bM = input('b', [m]);
    const decMD = input('dec', [m, d]);
    const denseBM = o.add(o.matmul(x, o.transposeLast(wMD)), bM);
    const chosen = o.topk(o.stopGradient(denseBM), k);
    const idx = chosen.indices;
    const sparseVals = selectedLinear({ ...(asShift ? { x: raw, shift: bias } : { x }), w: wMD, b: bM, idx, chosen: given ? chosen.values : undefined, weightGrad: mode });
    const denseVals = o.takeAlong(denseBM, idx);
    const sparseOut = sparseDecode(o.relu(sparseVals), idx, decMD, mode);
    const denseOut = o.matmul(o.scatterAlong(o.relu(denseVals), idx, m), decMD);
    const feeds = Object.fromEntries([['x', B * d], ['bias', d], ['w', m * d], ['b', m], ['dec', m * d]].map(([n, size]) => [n, Array.from({ length: size as number }, () => rng.normal())]));
    const tol = { rtol: 1e-12, atol: 1e-12 };
    const [sv, dv, so, dout] = evaluate([sparseVals, denseVals, sparseOut, denseOut], feeds);
    expect(mismatch(sv.data, dv.data, tol)).toBeNull();
    expect(mismatch(so.data, dout.data, tol)).toBeNull();
    const lossOf = (y: typeof sparseOut) => o.reduceSum(o.mul(y, y));
    const sparseGrads = evaluate(grad(lossOf(sparseOut), [bias, wMD, bM, decMD]), feeds);
    const denseGrads = evaluate(grad(lossOf(denseOut), [bias, wMD, bM, decMD]), feeds);
    sparseGrads.forEach((g, i) => expect(mismatch(g.data, denseGrads[i].data, tol), `gradient ${i}`).toBeNull());
    const onOrt = await runOrt(Object.fromEntries(grad(lossOf(sparseOut), [bias, wMD, bM, decMD]).map((g, i) => [`g${i}`, g])), feeds);
    sparseGrads.forEach((g, i) => expect(mismatch(onOrt[`g${i}`], g.data, { rtol: 1e-3, atol: 1e-4 }), `ORT gradient ${i}`).toBeNull());
  });
});
