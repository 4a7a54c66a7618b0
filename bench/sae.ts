import os from 'node:os';
import { EngineSession, exportStep, input, ops as o } from '../src/core/engine';
import { Rng } from '../src/core/io/rng';
import { parseTrainConfig } from '../src/core/sae/train/config';
import { SaeTrainer } from '../src/core/sae/train/trainer';
import { benchMachine } from './support/machine';
import { option } from './support/options';
import { blasCore, runReference, torchAvailable } from './support/torch';

/*
 * SAE training speed (issue 4 "Speed"): the studio's compiled steps for ReLU-L1 and TopK at
 * d=512, m=4096 and d=768, m=16384 (B=1024, k=32), against a raw ORT MatMul [B,d]·[d,m] measured
 * in the same run and against PyTorch (bench/reference/sae_step.py) when /usr/bin/python3 can
 * import torch. Other processes share the cores, so each side runs --rounds times, alternating
 * with the other, and reports its fastest step (tokensPerSec = B / best step time; two warm-up
 * steps per round): the figure least disturbed by load, taken the same way for both.
 * gemmFraction = (12·B·d·m FLOP per step / step time) / the MatMul's FLOP/s.
 * TopK runs without AuxK on both sides, so the two compute the same step. The sparse reference is
 * the faster of PyTorch's two sparse forms (embedding_bag decode with a dense or a gathered
 * encoder backward), named in `sparseReferenceForm`. Both sides run with glibc's malloc on
 * transparent huge pages (huge-pages.ts; bin/bench.js starts the bench so): PyTorch allocates its
 * step's large temporaries afresh, and with them it ran 7–55% faster here.
 *
 *   npm run bench -- sae [--json] [--iters N] [--rounds R] [--only 512|768] [--threads T]
 */
const SPARSE_FORMS = ['topk-sparse', 'topk-sparse-gather'];
const SIZES = [
  { d: 512, m: 4096, B: 1024, k: 32 },
  { d: 768, m: 16384, B: 1024, k: 32 },
];

function reference(arch: string, s: (typeof SIZES)[number], iters: number, threads: number, core: string): number {
  return runReference<{ best: number }>('sae_step.py', [arch, s.d, s.m, s.B, s.k, iters, threads], threads, core).best;
}

export async function matmulFlops(s: (typeof SIZES)[number], iters: number, threads: number): Promise<number> {
  const rng = new Rng(1);
  const session = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.matmul(input('x', [s.B, s.d]), input('w', [s.d, s.m])) } }), { threads });
  const x = Float32Array.from({ length: s.B * s.d }, () => rng.normal());
  const w = Float32Array.from({ length: s.d * s.m }, () => rng.normal());
  await session.run({ x, w });
  const times: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    await session.run({ x, w });
    times.push((performance.now() - t0) / 1000);
  }
  await session.dispose();
  return (2 * s.B * s.d * s.m) / Math.min(...times);
}

async function ours(arch: 'relu' | 'topk', s: (typeof SIZES)[number], iters: number, threads: number): Promise<{ tokensPerSec: number; provider: string; stepsPerCall: number }> {
  const rng = new Rng(2);
  const batch = Float32Array.from({ length: s.B * s.d }, () => rng.normal());
  const config = parseTrainConfig({ arch, width: s.m, batchSize: s.B, steps: 1_000_000, lr: 1e-4, lrWarmupFraction: 0, archConfig: arch === 'topk' ? { k: s.k, auxKCoefficient: 0 } : {} });
  const trainer = await SaeTrainer.create(config, s.d, batch, { threads });
  // As the studio trains: stepsPerCall batches per engine call (the trainer's default).
  const batches = Array.from({ length: trainer.stepsPerCall }, () => batch);
  for (let i = 0; i < 2; i++) await trainer.trainSteps(batches);
  const times: number[] = [];
  for (let i = 0; i < iters; i++) {
    const t0 = performance.now();
    await trainer.trainSteps(batches);
    times.push((performance.now() - t0) / 1000 / batches.length);
  }
  await trainer.dispose();
  return { tokensPerSec: s.B / Math.min(...times), provider: trainer.provider, stepsPerCall: batches.length };
}

export async function run(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const iters = Number(option(argv, 'iters') ?? 5);
  const threads = Number(option(argv, 'threads') ?? os.availableParallelism());
  const only = option(argv, 'only');
  const core = blasCore();
  const withTorch = torchAvailable();
  const results = [];
  let provider = 'cpu';
  const rounds = Number(option(argv, 'rounds') ?? 3);
  for (const s of SIZES.filter((x) => !only || String(x.d) === only)) {
    for (const arch of ['relu', 'topk'] as const) {
      let [flops, mine, dense, sparse, perCall] = [0, 0, 0, 0, 1];
      let sparseForm: string | null = null;
      for (let r = 0; r < rounds; r++) {
        flops = Math.max(flops, await matmulFlops(s, iters, threads));
        const ran = await ours(arch, s, iters, threads);
        provider = ran.provider;
        mine = Math.max(mine, ran.tokensPerSec);
        perCall = ran.stepsPerCall;
        if (withTorch) dense = Math.max(dense, reference(arch === 'relu' ? 'relu' : 'topk-dense', s, iters, threads, core));
        // Both sparse forms: which one PyTorch runs faster depends on m.
        for (const form of withTorch && arch === 'topk' ? SPARSE_FORMS : []) {
          const rate = reference(form, s, iters, threads, core);
          if (rate > sparse) [sparse, sparseForm] = [rate, form];
        }
      }
      const best = Math.max(dense, sparse);
      results.push({
        arch,
        d: s.d,
        m: s.m,
        B: s.B,
        k: arch === 'topk' ? s.k : null,
        stepsPerCall: perCall,
        tokensPerSec: Math.round(mine),
        referenceTokensPerSec: withTorch ? Math.round(dense) : null,
        sparseReferenceTokensPerSec: withTorch && arch === 'topk' ? Math.round(sparse) : null,
        sparseReferenceForm: sparseForm,
        ratio: best > 0 ? Number((mine / best).toFixed(3)) : null,
        gemmFraction: Number(((12 * s.d * s.m * mine) / flops).toFixed(3)),
        matmulGflops: Number((flops / 1e9).toFixed(1)),
      });
    }
  }
  const machine = benchMachine(threads);
  const report = { machine, provider, blasCore: core, torch: withTorch, results };
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(`${machine.cpu}, ${threads} threads, load ${machine.loadAverage1m}; provider ${provider}; OpenBLAS core ${core}${withTorch ? '' : ' (no torch: references skipped)'}`);
    for (const r of results) console.log(`${r.arch.padEnd(5)} d=${r.d} m=${r.m} B=${r.B}: ${r.tokensPerSec} tok/s, torch ${r.referenceTokensPerSec ?? '-'} dense / ${r.sparseReferenceTokensPerSec ?? '-'} sparse, ratio ${r.ratio ?? '-'}, gemmFraction ${r.gemmFraction}`);
  }
}
