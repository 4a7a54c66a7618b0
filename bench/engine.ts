import os from 'node:os';
import { Rng } from '../src/core/io/rng';
import { EngineSession, Params, Program, exportStep, input, ops as o, trainStep, type Provider } from '../src/core/engine';
import { benchMachine } from './support/machine';

/*
 * Raw ORT MatMul throughput vs the engine's MLP training step, in the same process and session
 * options. Shape from issue 3: B=1024, d=512, h=4096. The MLP step is x·W₁ → ReLU → ·W₂ → MSE,
 * Adam, all in one session.run; its useful work is 5 matmuls of 2·B·d·h flops (2 forward;
 * dW₂, dH, dW₁ backward — the input needs no gradient).
 */

interface Args {
  json: boolean;
  provider: Provider | 'auto';
  steps: number;
  iters: number;
  optimizer: 'sgd' | 'adam' | 'adamw';
  spin: boolean;
  B: number;
  d: number;
  h: number;
}

function parse(args: string[]): Args {
  const out: Args = { json: false, provider: 'cpu', steps: 1, iters: 20, optimizer: 'adam', spin: false, B: 1024, d: 512, h: 4096 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') out.json = true;
    else if (a === '--provider') out.provider = args[++i] as Args['provider'];
    else if (a === '--steps') out.steps = Number(args[++i]);
    else if (a === '--iters') out.iters = Number(args[++i]);
    else if (a === '--spin') out.spin = true;
    else if (a === '--optimizer') out.optimizer = args[++i] as Args['optimizer'];
    else if (a === '--size') [out.B, out.d, out.h] = args[++i].split('x').map(Number);
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

const randn = (rng: Rng, n: number, s = 1) => Float32Array.from({ length: n }, () => rng.normal() * s);

type Call = () => Promise<unknown>;

/** A session running one raw MatMul [B,d]·[d,h]. */
async function rawMatmul(a: Args, rng: Rng): Promise<{ call: Call; flops: number; close: () => Promise<void> }> {
  const x = input('x', [a.B, a.d]);
  const w = input('w', [a.d, a.h]);
  const session = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.matmul(x, w) } }), { provider: a.provider, spin: a.spin });
  const feeds = { x: randn(rng, a.B * a.d), w: randn(rng, a.d * a.h) };
  return { call: () => session.run(feeds), flops: 2 * a.B * a.d * a.h, close: () => session.dispose() };
}

/** The engine's MLP training step (K steps per call with --steps K). */
async function mlpStep(a: Args, rng: Rng) {
  const ps = new Params(new Rng(1));
  const w1 = ps.create('w1', [a.d, a.h], { uniform: 1 / Math.sqrt(a.d) });
  const w2 = ps.create('w2', [a.h, a.d], { uniform: 1 / Math.sqrt(a.h) });
  const x = input('x', [a.B, a.d]);
  const y = input('y', [a.B, a.d]);
  const diff = o.sub(o.matmul(o.relu(o.matmul(x, w1)), w2), y);
  const loss = o.reduceMean(o.mul(diff, diff));
  const program = await Program.compile(trainStep({ loss, params: ps.list(), optimizer: { kind: a.optimizer } }), ps.initial(), { provider: a.provider, steps: a.steps, spin: a.spin });
  const K = a.steps;
  const feeds: Record<string, Float32Array> = { x: randn(rng, K * a.B * a.d), y: randn(rng, K * a.B * a.d), lr: new Float32Array(K).fill(1e-4) };
  if (program.inputs.includes('step')) feeds.step = Float32Array.from({ length: K }, (_, i) => i + 1);
  return { call: () => program.run(feeds), flops: K * 5 * 2 * a.B * a.d * a.h, program, close: () => program.dispose() };
}

/**
 * Alternates the two calls so both see the same machine load (the CPU is shared), and keeps the
 * fastest of `iters` samples of each, the usual estimator when other processes only add delay.
 * Both sessions run without intra-op spinning by default (--spin restores ORT's default): a
 * session whose threads keep spinning after its run steals the cores from the next call.
 */
async function interleave(iters: number, calls: Call[]): Promise<{ best: number[]; median: number[]; cpu: number[] }> {
  for (const call of calls) for (let i = 0; i < 2; i++) await call();
  const samples = calls.map(() => [] as number[]);
  const cpu = calls.map(() => Infinity);
  for (let i = 0; i < iters; i++) {
    for (let c = 0; c < calls.length; c++) {
      const t0 = performance.now();
      const u0 = process.cpuUsage();
      await calls[c]();
      const u = process.cpuUsage(u0);
      samples[c].push((performance.now() - t0) / 1000);
      cpu[c] = Math.min(cpu[c], (u.user + u.system) / 1e6);
    }
  }
  const sorted = samples.map((s) => [...s].sort((x, y) => x - y));
  return { best: sorted.map((s) => s[0]), median: sorted.map((s) => s[Math.floor(s.length / 2)]), cpu };
}

export async function run(argv: string[]): Promise<void> {
  const a = parse(argv);
  const rng = new Rng(0);
  const matmul = await rawMatmul(a, rng);
  const engine = await mlpStep(a, rng);
  const { best, median, cpu } = await interleave(a.iters, [matmul.call, engine.call]);
  await Promise.all([matmul.close(), engine.close()]);
  const gf = (flops: number, t: number) => flops / t / 1e9;
  const result = {
    machine: benchMachine(os.availableParallelism()),
    provider: engine.program.provider,
    shape: { B: a.B, d: a.d, h: a.h },
    optimizer: a.optimizer,
    stepsPerCall: a.steps,
    timing: `best of ${a.iters} interleaved calls`,
    matmulGflops: round(gf(matmul.flops, best[0])),
    engineGflops: round(gf(engine.flops, best[1])),
    ratio: round(gf(engine.flops, best[1]) / gf(matmul.flops, best[0]), 3),
    medianRatio: round(gf(engine.flops, median[1]) / gf(matmul.flops, median[0]), 3),
    // Work per CPU-second (all threads): insensitive to waiting for a shared core; meaningless with --spin.
    cpuRatio: round(gf(engine.flops, cpu[1]) / gf(matmul.flops, cpu[0]), 3),
    ...(engine.program.providerNote ? { note: engine.program.providerNote } : {}),
  };
  if (a.json) console.log(JSON.stringify(result));
  else console.log(`${result.provider}: raw MatMul ${result.matmulGflops} GFLOP/s, engine MLP step (${a.optimizer}, ${a.steps}/call) ${result.engineGflops} GFLOP/s, ratio ${result.ratio} (median ${result.medianRatio})`);
}

const round = (v: number, digits = 1) => Number(v.toFixed(digits));
