import os from 'node:os';
import { Rng } from '../src/core/io/rng';
import { EngineSession, Params, Program, exportStep, input, ops as o, selectedLinear, sparseDecode, trainStep, type Tensor } from '../src/core/engine';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * A TopK SAE training step (B=1024, d=512, m=4096, k=32, Adam) written three ways, against one
 * raw dense MatMul [B,d]·[d,m]: `dense` differentiates through the dense encoder and decoder
 * matmuls; `sparse` picks the latents and their values from a gradient-free dense encoder pass
 * and decodes by gathering the k rows (nn/sparse.ts), with segment-sum weight gradients;
 * `sparse-denseW` is the same forward with the weight gradients as dense matmuls.
 * `npm run bench -- engine-topk [--size BxDxMxK] [--iters N]`
 */
type Variant = 'dense' | 'sparse' | 'sparse-denseW';

function saeStep(B: number, d: number, m: number, k: number, variant: Variant) {
  const ps = new Params(new Rng(1));
  const wEncMD = ps.create('W_enc', [m, d], { normal: 1 / Math.sqrt(d) });
  const bEncM = ps.create('b_enc', [m], { zeros: true });
  const wDecMD = ps.create('W_dec', [m, d], { normal: 1 / Math.sqrt(d) });
  const bDecD = ps.create('b_dec', [d], { zeros: true });
  const actsBD = input('acts', [B, d]);
  const centredBD = o.sub(actsBD, bDecD);
  const preBM = o.add(o.matmul(centredBD, o.transposeLast(wEncMD)), bEncM);
  let reconBD: Tensor;
  if (variant !== 'dense') {
    const weightGrad = variant === 'sparse' ? 'sparse' : 'dense';
    const chosen = o.topk(o.stopGradient(preBM), k);
    const vals = selectedLinear({ x: actsBD, shift: bDecD, w: wEncMD, b: bEncM, idx: chosen.indices, chosen: chosen.values, weightGrad });
    reconBD = sparseDecode(o.relu(vals), chosen.indices, wDecMD, weightGrad);
  } else {
    const { values, indices } = o.topk(preBM, k);
    reconBD = o.matmul(o.scatterAlong(o.relu(values), indices, m), wDecMD);
  }
  const errBD = o.sub(actsBD, o.add(reconBD, bDecD));
  const loss = o.reduceMean(o.reduceSum(o.mul(errBD, errBD), [1]));
  return { spec: trainStep({ loss, params: ps.list(), optimizer: { kind: 'adam' } }), initial: ps.initial() };
}

export async function run(argv: string[]): Promise<void> {
  const [B, d, m, k] = option(argv, 'size')?.split('x').map(Number) ?? [1024, 512, 4096, 32];
  const iters = Number(option(argv, 'iters') ?? 6);
  const rng = new Rng(0);
  const acts = Float32Array.from({ length: B * d }, () => rng.normal());
  const matmul = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.matmul(input('x', [B, d]), input('w', [d, m])) } }));
  const w = Float32Array.from({ length: d * m }, () => rng.normal());
  const variants: Variant[] = ['dense', 'sparse', 'sparse-denseW'];
  const programs = await Promise.all(variants.map(async (variant) => {
    const { spec, initial } = saeStep(B, d, m, k, variant);
    return Program.compile(spec, initial);
  }));
  const calls = [
    () => matmul.run({ x: acts, w }),
    ...programs.map((p) => () => p.run({ acts, lr: Float32Array.of(1e-4), step: Float32Array.of(1) })),
  ];
  for (const call of calls) await call();
  const best = calls.map(() => Infinity);
  for (let i = 0; i < iters; i++) {
    for (let c = 0; c < calls.length; c++) {
      const t0 = performance.now();
      await calls[c]();
      best[c] = Math.min(best[c], performance.now() - t0);
    }
  }
  const [mm, ...steps] = best;
  console.log(JSON.stringify({
    machine: benchMachine(os.availableParallelism()),
    B, d, m, k,
    timing: `best of ${iters} interleaved calls, ms; step cost also in units of one dense matmul`,
    denseMatmulMs: Number(mm.toFixed(1)),
    ...Object.fromEntries(variants.map((v, i) => [`${v}StepMs`, Number(steps[i].toFixed(1))])),
    ...Object.fromEntries(variants.map((v, i) => [`${v}StepInMatmuls`, Number((steps[i] / mm).toFixed(2))])),
  }));
  await Promise.all([matmul.dispose(), ...programs.map((p) => p.dispose())]);
}
