import os from 'node:os';
import { EngineSession, exportStep, input, ops as o, type Tensor } from '../src/core/engine';
import { Rng } from '../src/core/io/rng';
import { benchMachine } from './support/machine';
import { option } from './support/options';
import { blasCore, runReference, torchAvailable } from './support/torch';

/*
 * The matrix products of a ReLU SAE training step, alone, on both sides of `npm run bench -- sae`:
 * ONNX Runtime's MLAS running the five the studio's step has (b_dec's gradient is a vector–matrix
 * product there) and PyTorch's OpenBLAS running the six autograd runs (it forms the [B, d]
 * gradient of xc = x − b_dec). If both steps were nothing but their products, the studio's ReLU
 * step would be `reluCeiling` = torch6Ms / ort5Ms times as fast as PyTorch's: the bound on the
 * `sae` bench's ReLU ratio that the two BLAS rates set. Each ONNX graph ends in a ReduceSum, so the
 * time is the kernel's, not a copy of the product out of the runtime; each side takes its best of
 * --iters calls, over --rounds alternating rounds.
 *
 *   npm run bench -- sae-products [--iters N] [--rounds R]
 */
const SIZES = [
  { d: 512, m: 4096, B: 1024 },
  { d: 768, m: 16384, B: 1024 },
];

type Name = 'enc' | 'dec' | 'dW_dec' | 'df' | 'dW_enc';

/** The five products as the engine lowers them: operands by name, in the step's layouts. */
function products(B: number, d: number, m: number): Record<Name, { out: Tensor; feeds: string[] }> {
  const xc = () => input('xc', [B, d]);
  const g = () => input('g', [B, d]);
  const f = () => input('f', [B, m]);
  const dpre = () => input('dpre', [B, m]);
  return {
    enc: { out: o.matmul(xc(), input('W_enc', [d, m])), feeds: ['xc', 'W_enc'] },
    dec: { out: o.matmul(f(), input('W_dec', [m, d])), feeds: ['f', 'W_dec'] },
    dW_dec: { out: o.matmul(o.transposeLast(f()), g()), feeds: ['f', 'g'] },
    df: { out: o.matmul(g(), o.transposeLast(input('W_dec', [m, d]))), feeds: ['g', 'W_dec'] },
    dW_enc: { out: o.matmul(o.transposeLast(xc()), dpre()), feeds: ['xc', 'dpre'] },
  };
}

async function ortTimes(B: number, d: number, m: number, iters: number, threads: number): Promise<Record<Name, number>> {
  const rng = new Rng(0);
  const data = (n: number) => Float32Array.from({ length: n }, () => rng.normal());
  const values: Record<string, Float32Array> = { xc: data(B * d), g: data(B * d), f: data(B * m), dpre: data(B * m), W_enc: data(d * m), W_dec: data(m * d) };
  const best = {} as Record<Name, number>;
  for (const [name, p] of Object.entries(products(B, d, m)) as [Name, { out: Tensor; feeds: string[] }][]) {
    const session = await EngineSession.create(exportStep({ updates: [], outputs: { s: o.reduceSum(p.out) } }), { threads });
    const feeds = Object.fromEntries(p.feeds.map((n) => [n, values[n]]));
    await session.run(feeds);
    best[name] = Infinity;
    for (let i = 0; i < iters; i++) {
      const t0 = performance.now();
      await session.run(feeds);
      best[name] = Math.min(best[name], performance.now() - t0);
    }
    await session.dispose();
  }
  return best;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ms = (v: number) => Number(v.toFixed(1));

export async function run(argv: string[]): Promise<void> {
  const iters = Number(option(argv, 'iters') ?? 8);
  const rounds = Number(option(argv, 'rounds') ?? 2);
  const threads = os.availableParallelism();
  const core = blasCore();
  const withTorch = torchAvailable();
  const results = [];
  for (const { d, m, B } of SIZES) {
    let ort: Record<string, number> = {};
    let torch: Record<string, number> = {};
    for (let r = 0; r < rounds; r++) {
      const mine = await ortTimes(B, d, m, iters, threads);
      ort = Object.fromEntries(Object.entries(mine).map(([k, v]) => [k, Math.min(v, ort[k] ?? Infinity)]));
      if (!withTorch) continue;
      const theirs = runReference<Record<string, number>>('sae_products.py', [d, m, B, iters, threads], threads, core);
      torch = Object.fromEntries(Object.entries(theirs).map(([k, v]) => [k, Math.min(v, torch[k] ?? Infinity)]));
    }
    const gflops = (t: number) => Number(((2 * B * d * m) / t / 1e6).toFixed(1));
    const ort5 = sum(Object.values(ort));
    const torch6 = withTorch ? sum(Object.values(torch)) : null;
    results.push({
      d,
      m,
      B,
      products: Object.keys(withTorch ? torch : ort).map((name) => ({
        name,
        ortMs: name in ort ? ms(ort[name]) : null,
        ortGflops: name in ort ? gflops(ort[name]) : null,
        torchMs: withTorch ? ms(torch[name]) : null,
        torchGflops: withTorch ? gflops(torch[name]) : null,
      })),
      ort5Ms: ms(ort5),
      torch5Ms: withTorch ? ms(torch6! - torch.dxc) : null,
      torch6Ms: torch6 === null ? null : ms(torch6),
      reluCeiling: torch6 === null ? null : Number((torch6 / ort5).toFixed(3)),
    });
  }
  console.log(JSON.stringify({ machine: benchMachine(threads), blasCore: core, torch: withTorch, timing: `best of ${iters} calls per product, ${rounds} alternating rounds`, results }, null, 2));
}
