import os from 'node:os';
import { Rng } from '../src/core/io/rng';
import { EngineSession, exportStep, input, ops as o, type OnnxModel } from '../src/core/engine';
import { encode } from '../src/core/engine/onnx/export';
import { valueInfo, attribute } from '../src/core/engine/onnx/proto';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * Weight-gradient products Aᵀ·B three ways, interleaved in one process: `transA`, one ONNX Gemm
 * with transA = 1 (MLAS copies A's rows into a panel once per 128-column slice of the output);
 * `engine`, what the engine lowers matmul(transpose(a), b) to (ops/gemm.ts: one explicit
 * transpose of A, or of B and the result); `plain`, a MatMul of the same size fed pre-transposed,
 * the rate a weight gradient could reach. Every graph ends in a ReduceSum so the timing is the
 * kernels, not the copy of a result out of the runtime.
 * `npm run bench -- engine-forms [--iters N]`
 */

interface Shape {
  name: string;
  /** A is [k, m] (so Aᵀ is [m, k]), B is [k, n]. */
  k: number;
  m: number;
  n: number;
}

const SHAPES: Shape[] = [
  { name: 'mlp dW1 = Xᵀ·G (B=1024, d=512, h=4096)', k: 1024, m: 512, n: 4096 },
  { name: 'mlp dW2 = Hᵀ·dY', k: 1024, m: 4096, n: 512 },
  { name: 'sae dW_enc = Xᵀ·G (B=1024, d=768, m=16384)', k: 1024, m: 768, n: 16384 },
  { name: 'sae dW_dec = Zᵀ·E', k: 1024, m: 16384, n: 768 },
];

/** Gemm(a, b) with transA = 1, then ReduceSum: the form the engine no longer emits for these shapes. */
function transAModel(s: Shape): OnnxModel {
  const [a, b] = [[s.k, s.m], [s.k, s.n]];
  const graph = {
    name: 'transA',
    node: [
      { opType: 'Gemm', input: ['a', 'b'], output: ['y'], name: 'product', attribute: [attribute('transA', 1)] },
      { opType: 'ReduceSum', input: ['y'], output: ['s'], name: 'sum', attribute: [attribute('keepdims', 0)] },
    ],
    input: [valueInfo('a', 'float32', a), valueInfo('b', 'float32', b)],
    output: [valueInfo('s', 'float32', [])],
  };
  return { bytes: encode(graph), inputs: [{ name: 'a', shape: a, dtype: 'float32', kind: 'input' }, { name: 'b', shape: b, dtype: 'float32', kind: 'input' }], outputs: [{ name: 's', shape: [], dtype: 'float32' }] };
}

/** A session over `model` (the engine's own session options) fed `a` and `b` every call. */
async function timed(model: OnnxModel, a: Float32Array, b: Float32Array): Promise<{ call: () => Promise<unknown>; close: () => Promise<void> }> {
  const session = await EngineSession.create(model);
  return { call: () => session.run({ a, b }), close: () => session.dispose() };
}

export async function run(argv: string[]): Promise<void> {
  const iters = Number(option(argv, 'iters') ?? 20);
  const rng = new Rng(0);
  const results = [];
  for (const s of SHAPES) {
    const a = Float32Array.from({ length: s.k * s.m }, () => rng.normal());
    const b = Float32Array.from({ length: s.k * s.n }, () => rng.normal());
    const forms = {
      transA: await timed(transAModel(s), a, b),
      engine: await timed(exportStep({ updates: [], outputs: { s: o.reduceSum(o.matmul(o.transposeLast(input('a', [s.k, s.m])), input('b', [s.k, s.n]))) } }), a, b),
      plain: await timed(exportStep({ updates: [], outputs: { s: o.reduceSum(o.matmul(input('a', [s.m, s.k]), input('b', [s.k, s.n]))) } }), a, b),
    };
    const names = Object.keys(forms) as (keyof typeof forms)[];
    const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (const n of names) await forms[n].call();
    for (let i = 0; i < iters; i++) {
      for (const n of names) {
        const t0 = performance.now();
        await forms[n].call();
        samples[n].push(performance.now() - t0);
      }
    }
    await Promise.all(names.map((n) => forms[n].close()));
    const stat = (xs: number[]) => {
      const sorted = [...xs].sort((p, q) => p - q);
      return { bestMs: round(sorted[0]), medianMs: round(sorted[Math.floor(sorted.length / 2)]) };
    };
    results.push({ shape: s.name, k: s.k, m: s.m, n: s.n, ...Object.fromEntries(names.map((n) => [n, stat(samples[n])])) });
  }
  console.log(JSON.stringify({ machine: benchMachine(os.availableParallelism()), timing: `best and median of ${iters} interleaved calls`, results }));
}

const round = (v: number) => Number(v.toFixed(2));
