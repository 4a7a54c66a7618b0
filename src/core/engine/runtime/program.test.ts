import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { input, param } from '../ir/tensor';
import * as o from '../ops';
import { Params } from '../nn/params';
import { Mlp } from '../nn/layers';
import { trainStep } from '../optim/train-step';
import { mismatch } from '../testing/allclose';
import { Program } from './program';
import { cudaBinariesPresent, resolveProvider } from './providers';

const f32 = (xs: ArrayLike<number>) => Float32Array.from(xs);

function mlpStep(seed: number) {
  const ps = new Params(new Rng(seed));
  const mlp = new Mlp(ps, [6, 16, 3], 'gelu');
  const x = input('x', [8, 6]);
  const y = input('y', [8, 3]);
  const diff = o.sub(mlp.forward(x), y);
  const loss = o.reduceMean(o.mul(diff, diff));
  return { spec: trainStep({ loss, params: ps.list(), optimizer: { kind: 'adam', clipNorm: 1 } }), initial: ps.initial() };
}

describe('Program', () => {
  it('K steps in one ONNX Loop equal K single steps (CPU)', async () => {
    const K = 4;
    const rng = new Rng(3);
    const xs = Array.from({ length: K }, () => f32(Array.from({ length: 48 }, () => rng.normal())));
    const ys = Array.from({ length: K }, () => f32(Array.from({ length: 24 }, () => rng.normal())));
    const lrs = [0.01, 0.02, 0.03, 0.04];

    const single = mlpStep(1);
    const one = await Program.compile(single.spec, single.initial, { threads: 2 });
    const losses: number[] = [];
    for (let k = 0; k < K; k++) losses.push((await one.run({ x: xs[k], y: ys[k], lr: f32([lrs[k]]), step: f32([k + 1]) })).loss[0] as number);

    const looped = mlpStep(1);
    const loop = await Program.compile(looped.spec, looped.initial, { threads: 2, steps: K });
    const stack = (arrs: Float32Array[]) => f32(arrs.flatMap((a) => Array.from(a)));
    const out = await loop.run({ x: stack(xs), y: stack(ys), lr: f32(lrs), step: f32([1, 2, 3, 4]) });

    expect(mismatch(out.loss as Float32Array, losses, { rtol: 1e-5, atol: 1e-6 })).toBeNull();
    for (const name of Object.keys(single.initial)) {
      expect(mismatch(loop.value(name) as Float32Array, Array.from(one.value(name) as Float32Array), { rtol: 1e-5, atol: 1e-6 }), name).toBeNull();
      expect(mismatch(loop.value(`${name}.mSum`) as Float32Array, Array.from(one.value(`${name}.mSum`) as Float32Array), { rtol: 1e-5, atol: 1e-7 }), `${name}.mSum`).toBeNull();
    }
    // The first loss must differ from the last: the parameters really moved between micro-steps.
    expect(losses[0]).not.toBeCloseTo(losses[3], 4);
    await Promise.all([one.dispose(), loop.dispose()]);
  });

  it('rejects a wrong feed with a StudioError naming the input', async () => {
    const { spec, initial } = mlpStep(2);
    const program = await Program.compile(spec, initial, { threads: 1 });
    const good = { x: new Float32Array(48), y: new Float32Array(24), lr: f32([0.1]), step: f32([1]) };
    await expect(program.run({ ...good, z: new Float32Array(1) })).rejects.toThrowError(/unknown input 'z'/);
    await expect(program.run({ ...good, x: new Float32Array(47) })).rejects.toMatchObject({ code: 'shape', where: 'x' });
    await expect(program.run({ ...good, lr: new Float64Array([0.1]) as never })).rejects.toMatchObject({ code: 'dtype', where: 'lr' });
    await expect(program.run({ x: good.x, y: good.y, lr: good.lr })).rejects.toMatchObject({ code: 'bad-input', where: 'step' });
    await expect(program.run({ ...good, 'fc0.w': new Float32Array(96) })).rejects.toThrowError(/held by the program/);
    expect(() => program.set('fc0.w', new Float32Array(3))).toThrowError(StudioError);
    const first = program.run(good);
    await expect(program.run(good)).rejects.toMatchObject({ code: 'conflict' });
    await first;
    await program.dispose();
  });

  it('requires initial values for parameters and names the missing one', async () => {
    const { spec } = mlpStep(3);
    await expect(Program.compile(spec, {}, { threads: 1 })).rejects.toMatchObject({ code: 'bad-input', where: expect.stringMatching(/^fc[01]\.[wb]$/) });
  });

  it('a bad graph fails where it is built, naming the node and the shapes', () => {
    const a = input('acts', [4, 3]);
    const w = param('wEnc', [4, 5]);
    expect(() => o.matmul(a, w)).toThrowError(/matmul: inner dimensions differ: \[4,3\] · \[4,5\]/);
    let caught: unknown;
    try {
      o.add(a, input('bias', [5]));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(StudioError);
    expect((caught as StudioError).where).toBe('add(acts [4,3] float32, bias [5] float32)');
    expect(() => o.add(a, input('ids', [4, 3], 'int64'))).toThrowError(/dtypes differ: float32 vs int64/);
    expect(() => o.reduceSum(a, [2])).toThrowError(/axis 2 out of range for rank 2/);
  });

  it('refuses two leaves with one name and names reserved for the exporter', async () => {
    const w = param('x', [2]);
    const spec = trainStep({ loss: o.reduceSum(o.mul(w, input('x', [2]))), params: [w], optimizer: { kind: 'sgd' } });
    await expect(Program.compile(spec, { x: new Float32Array(2) })).rejects.toMatchObject({ code: 'conflict', where: 'x' });
    expect(() => input('w__next', [1])).toThrowError(StudioError);
  });

  it('reports the provider that ran, falling back to the CPU with the reason', async () => {
    const { spec, initial } = mlpStep(4);
    const program = await Program.compile(spec, initial, { threads: 1, provider: 'cuda' });
    if (cudaBinariesPresent()) {
      expect(['cuda', 'cpu']).toContain(program.provider);
    } else {
      expect(program.provider).toBe('cpu');
      expect(program.providerNote).toMatch(/ONNXRUNTIME_NODE_INSTALL=cuda12/);
      expect(resolveProvider('auto').provider).toBe(process.platform === 'win32' ? 'dml' : 'cpu');
    }
    await program.dispose();
  });
});
