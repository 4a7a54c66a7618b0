import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { input, state, type Tensor } from '../ir/tensor';
import * as o from '../ops';
import { Params } from '../nn/params';
import { evaluate } from '../reference/interpret';
import { Program } from '../runtime/program';
import { mismatch } from '../testing/allclose';
import { nextName } from '../onnx/export';
import { trainStep } from './train-step';
import type { ParamRule } from './optimizers';

const [B, d, m, k] = [16, 6, 24, 3];

/** Unit-norm rows of a [m, d] matrix. */
const rowNormalise = (w: Tensor) => o.div(w, o.sqrt(o.reduceSum(o.mul(w, w), [1], true)));

/**
 * A TopK SAE step written with the engine the way the SAE trainers will: sparse decode by
 * gathering k decoder rows, decoder gradient with its row-parallel part removed, rows
 * renormalised after the update, a dead-latent counter carried as state, λ fed per call, and
 * extra outputs.
 */
function topkSaeStep() {
  const ps = new Params(new Rng(4));
  const wEncDM = ps.create('W_enc', [d, m], { normal: 0.3 });
  const bEncM = ps.create('b_enc', [m], { zeros: true });
  const wDecMD = ps.create('W_dec', [m, d], { normal: 0.3 });
  const bDecD = ps.create('b_dec', [d], { zeros: true });
  const sinceFiredM = state('steps_since_fired', [m]);
  const actsBD = input('acts', [B, d]);
  const lambda = input('lambda', []);

  const preBM = o.relu(o.add(o.matmul(o.sub(actsBD, bDecD), wEncDM), bEncM));
  const { values: topBK, indices: idxBK } = o.topk(preBM, k);
  const reconBD = o.add(o.reduceSum(o.mul(o.gather(wDecMD, idxBK), o.reshape(topBK, [B, k, 1])), [1]), bDecD);
  const errBD = o.sub(actsBD, reconBD);
  const mse = o.reduceMean(o.reduceSum(o.mul(errBD, errBD), [1]));
  const l1 = o.reduceMean(o.reduceSum(topBK, [1]));
  const loss = o.add(mse, o.mul(lambda, l1));

  const firedM = o.greater(o.reduceSum(o.scatterAlong(o.cast(o.greater(topBK, 0), 'float32'), idxBK, m), [0]), 0);
  const rules = new Map<Tensor, ParamRule>([
    [wDecMD, {
      // Remove the gradient component parallel to each decoder row (dictionary_learning's TopK trainer).
      grad: (g, w) => {
        const unit = rowNormalise(w);
        return o.sub(g, o.mul(o.reduceSum(o.mul(g, unit), [1], true), unit));
      },
      after: rowNormalise,
    }],
  ]);
  const spec = trainStep({
    loss,
    params: ps.list(),
    optimizer: { kind: 'adam', clipNorm: 1 },
    rules,
    outputs: { mse, l1, l0: o.reduceMean(o.reduceSum(o.cast(o.greater(topBK, 0), 'float32'), [1])) },
    stateUpdates: [[sinceFiredM, o.where(firedM, 0, o.add(sinceFiredM, 1))]],
  });
  const initial = ps.initial();
  const w = initial.W_dec;
  for (let r = 0; r < m; r++) {
    const norm = Math.hypot(...w.subarray(r * d, (r + 1) * d));
    for (let j = 0; j < d; j++) w[r * d + j] /= norm;
  }
  return { spec, initial };
}

describe('a custom training step (TopK SAE shape)', () => {
  it('runs renormalisation, gradient projection, state and extra outputs inside one session.run', async () => {
    const { spec, initial } = topkSaeStep();
    const rng = new Rng(8);
    const acts = Float32Array.from({ length: B * d }, () => rng.normal());
    const before = Object.fromEntries(Object.entries(initial).map(([kk, v]) => [kk, Array.from(v)]));
    const program = await Program.compile(spec, initial, { threads: 2 });

    const feeds = { acts, lambda: Float32Array.of(0.5), lr: Float32Array.of(0.01), step: Float32Array.of(1) };
    const out = await program.run(feeds);
    expect(out.loss[0]).toBeCloseTo((out.mse[0] as number) + 0.5 * (out.l1[0] as number), 4);
    expect(out.l0[0]).toBeLessThanOrEqual(k);

    // The same step evaluated by the float64 reference interpreter.
    const refFeeds: Record<string, number[]> = { ...before, steps_since_fired: new Array(m).fill(0), acts: Array.from(acts), lambda: [0.5], lr: [0.01], step: [1] };
    for (const name of ['W_enc.mSum', 'W_enc.vSum', 'b_enc.mSum', 'b_enc.vSum', 'W_dec.mSum', 'W_dec.vSum', 'b_dec.mSum', 'b_dec.vSum']) refFeeds[name] = new Array(name.startsWith('W') ? d * m : name.startsWith('b_enc') ? m : d).fill(0);
    refFeeds.clipScale = [0];
    const nexts = spec.updates.map(([leaf, next]) => ({ name: leaf.leaf!.name, next }));
    const refs = evaluate(nexts.map((n) => n.next), refFeeds);
    nexts.forEach(({ name }, i) => {
      expect(mismatch(program.value(name) as Float32Array, Array.from(refs[i].data), { rtol: 1e-3, atol: 1e-5 }), nextName(name)).toBeNull();
    });
    const wDec = program.value('W_dec') as Float32Array;
    for (let r = 0; r < m; r++) expect(Math.hypot(...wDec.subarray(r * d, (r + 1) * d))).toBeCloseTo(1, 5);
    const since = Array.from(program.value('steps_since_fired') as Float32Array);
    expect(since.some((v) => v === 0) && since.some((v) => v === 1)).toBe(true);

    // λ is an input: a new value changes the loss with no recompilation.
    const again = await program.run({ ...feeds, lambda: Float32Array.of(2), step: Float32Array.of(2) });
    expect(again.loss[0]).toBeCloseTo((again.mse[0] as number) + 2 * (again.l1[0] as number), 4);
    await program.dispose();
  });
});
