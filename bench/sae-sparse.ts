import os from 'node:os';
import { generateToy } from '../src/core/evals/toy';
import { parseTrainConfig } from '../src/core/sae/train/config';
import { SaeTrainer } from '../src/core/sae/train/trainer';
import type { SparseForm } from '../src/core/sae/train/sparseSwitch';
import { benchMachine } from './support/machine';
import { option } from './support/options';
import { matmulFlops } from './sae';
import { blasCore, runReference, torchAvailable } from './support/torch';

/*
 * Sparse-aware SAE steps (issue 25) on a realistic state: ReLU-L1 and JumpReLU at d = 512,
 * m = 4,096 and d = 768, m = 16,384 (B = 1,024) on toy data from the toy benchmark's generator
 * with m true features, L0 ≈ 48 per row. Training such an SAE from scratch to L0 32–64 takes
 * thousands of dense steps (hours on 2 cores), so the state is warm-started where training ends
 * up: decoder rows on the true directions, W_enc = W_decᵀ, and a bias (ReLU) or threshold
 * (JumpReLU) that leaves L0 in that range, then `--train-steps` steps of the studio's trainer
 * (auto form) on the data. From that state, timed interleaved over --rounds rounds, each side's
 * best call: ours with the trainer's own choice of form (auto), ours held dense, and PyTorch's
 * dense step (bench/reference/sae_step.py: what SAELens and dictionary_learning run) when
 * /usr/bin/python3 imports torch. Without torch the ratio is taken against our dense step and
 * `reference` says so; `gemmBoundTokensPerSec` is then the stand-in for any dense step (PyTorch's
 * included) on this machine's GEMM: five [B, d]·[d, m]-sized products per step (encoder and
 * decoder forward, the code's gradient, both weight gradients) at the rate of a raw ORT MatMul
 * timed in the same round, with nothing else costing time. PyTorch's dense step costs the same at any sparsity (its products are
 * dense), so it runs on its own random state.
 *
 *   npm run bench -- sae-sparse [--json] [--iters N] [--rounds R] [--only 512|768] [--arch relu|jumprelu] [--train-steps S] [--threads T]
 *                            [--threshold T] [--width-per-cap R] [--width-per-entry R] [--no-budget]
 *
 * The sparse form is the per-batch budget (arch/budget.ts) unless --no-budget keeps the per-row
 * cap; --width-per-entry 1 forces the budget form where auto would stay dense.
 */
const SIZES = [
  { d: 512, m: 4096, B: 1024 },
  { d: 768, m: 16384, B: 1024 },
];
const ARCHS = ['relu', 'jumprelu'] as const;
type Arch = (typeof ARCHS)[number];
const TARGET_L0 = 48;
/** ReLU's −b_enc and JumpReLU's θ at the warm start (--threshold): about 4σ of the interference between true features. */
const THRESHOLD = 1.0;

interface Size {
  d: number;
  m: number;
  B: number;
}

function toyBatches(s: Size, count: number) {
  const toy = generateToy({ d: s.d, nFeatures: s.m, firingProb: TARGET_L0 / s.m, magnitude: { kind: 'uniform', min: 0.5, max: 1.5 }, rows: count * s.B, seed: 7 });
  const batches = Array.from({ length: count }, (_, i) => toy.activations.subarray(i * s.B * s.d, (i + 1) * s.B * s.d));
  return { batches, directions: toy.directions };
}

/** Weights at the warm start: true directions as decoder rows, W_enc [d, m] = W_decᵀ. */
function warmStart(arch: Arch, s: Size, directions: Float32Array, threshold: number): Record<string, Float32Array> {
  const W_enc = new Float32Array(s.d * s.m);
  for (let i = 0; i < s.m; i++) for (let j = 0; j < s.d; j++) W_enc[j * s.m + i] = directions[i * s.d + j];
  const base = { W_enc, W_dec: directions.slice(), b_dec: new Float32Array(s.d) };
  return arch === 'relu'
    ? { ...base, b_enc: new Float32Array(s.m).fill(-threshold) }
    : { ...base, b_enc: new Float32Array(s.m), log_threshold: new Float32Array(s.m).fill(Math.log(threshold)) };
}

async function trainer(arch: Arch, s: Size, sample: Float32Array, threads: number, sparseSteps: boolean, forms: { sparseWidthPerCap?: number; sparseWidthPerEntry?: number; sparseBudget?: boolean } = {}) {
  const config = parseTrainConfig({ arch, width: s.m, batchSize: s.B, steps: 1_000_000, lr: 1e-4, lrWarmupFraction: 0, archConfig: arch === 'relu' ? { l1WarmupFraction: 0 } : { l0WarmupFraction: 0 } });
  return SaeTrainer.create(config, s.d, sample, { threads, sparseSteps, ...forms });
}

/** Seconds per step of the best of `iters` calls, each `stepsPerCall` batches. */
async function time(t: SaeTrainer, batches: Float32Array[], iters: number): Promise<{ seconds: number; l0: number; form: SparseForm | undefined; busiest: number; total: number }> {
  let best = Infinity;
  let last: Awaited<ReturnType<SaeTrainer['trainSteps']>> = [];
  for (let i = 0; i < iters; i++) {
    const call = batches.slice((i * t.stepsPerCall) % batches.length).concat(batches).slice(0, t.stepsPerCall);
    const t0 = performance.now();
    last = await t.trainSteps(call);
    best = Math.min(best, (performance.now() - t0) / 1000 / call.length);
  }
  const l0 = last.reduce((a, m) => a + m.l0, 0) / last.length;
  return { seconds: best, l0, form: t.sparseForm, busiest: Math.max(...last.map((m) => m.candidatesMax)), total: Math.max(...last.map((m) => m.candidatesTotal)) };
}

export async function run(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const iters = Number(option(argv, 'iters') ?? 3);
  const rounds = Number(option(argv, 'rounds') ?? 3);
  const trainSteps = Number(option(argv, 'train-steps') ?? 16);
  const threads = Number(option(argv, 'threads') ?? os.availableParallelism());
  const only = option(argv, 'only');
  const threshold = Number(option(argv, 'threshold') ?? THRESHOLD);
  // the trainer's switch point, overridden to measure it (1: sparse whenever the cap fits the width)
  const widthPerCap = option(argv, 'width-per-cap') === undefined ? undefined : Number(option(argv, 'width-per-cap'));
  const widthPerEntry = option(argv, 'width-per-entry') === undefined ? undefined : Number(option(argv, 'width-per-entry'));
  const forms = { sparseWidthPerCap: widthPerCap, sparseWidthPerEntry: widthPerEntry, sparseBudget: !argv.includes('--no-budget') };
  const archs = ARCHS.filter((a) => !option(argv, 'arch') || option(argv, 'arch') === a);
  const core = blasCore();
  const withTorch = torchAvailable();
  const results = [];
  for (const s of SIZES.filter((x) => !only || String(x.d) === only)) {
    const { batches, directions } = toyBatches(s, 8);
    for (const arch of archs) {
      const auto = await trainer(arch, s, batches[0], threads, true, forms);
      const dense = await trainer(arch, s, batches[0], threads, false);
      const notes: string[] = [];
      try {
        const start = warmStart(arch, s, directions, threshold);
        auto.load(start);
        // bring the state to where training holds it (the trainer picks its own form meanwhile)
        for (let i = 0; i < trainSteps; i += auto.stepsPerCall) {
          await auto.trainSteps(batches.slice(0, auto.stepsPerCall));
          notes.push(...auto.takeNotes());
        }
        dense.load(Object.fromEntries(Object.keys(start).map((n) => [n, auto.held(n)])));
        let [mine, held, reference, flops] = [Infinity, Infinity, 0, 0];
        let seen = { l0: 0, form: undefined as SparseForm | undefined, busiest: 0, total: 0 };
        for (let r = 0; r < rounds; r++) {
          const a = await time(auto, batches, iters);
          notes.push(...auto.takeNotes());
          if (a.seconds < mine) [mine, seen] = [a.seconds, a];
          held = Math.min(held, (await time(dense, batches, iters)).seconds);
          flops = Math.max(flops, await matmulFlops({ ...s, k: 32 }, iters, threads));
          if (withTorch) reference = Math.max(reference, runReference<{ best: number }>('sae_step.py', [arch, s.d, s.m, s.B, 32, iters, threads], threads, core).best);
        }
        const refRate = withTorch ? reference : s.B / held;
        results.push({
          arch,
          d: s.d,
          m: s.m,
          B: s.B,
          l0: Number(seen.l0.toFixed(1)),
          candidatesMax: seen.busiest,
          candidatesTotal: seen.total,
          cap: seen.form?.kind === 'cap' ? seen.form.size : null,
          budget: seen.form?.kind === 'budget' ? seen.form.size : null,
          // "sparse": the per-row cap (as before the budget form), "budget": the per-batch budget
          form: seen.form === undefined ? 'dense' : seen.form.kind === 'cap' ? 'sparse' : 'budget',
          tokensPerSec: Math.round(s.B / mine),
          denseTokensPerSec: Math.round(s.B / held),
          referenceTokensPerSec: Math.round(refRate),
          reference: withTorch ? 'pytorch-dense' : 'ours-dense',
          ratio: Number((s.B / mine / refRate).toFixed(3)),
          gemmBoundTokensPerSec: Math.round(flops / (10 * s.d * s.m)),
          ratioToGemmBound: Number((((s.B / mine) * 10 * s.d * s.m) / flops).toFixed(3)),
          notes,
        });
      } finally {
        await auto.dispose();
        await dense.dispose();
      }
    }
  }
  const machine = benchMachine(threads);
  const report = { machine, blasCore: core, torch: withTorch, results };
  if (json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(`${machine.cpu}, ${threads} threads, load ${machine.loadAverage1m}${withTorch ? '' : ' (no torch: ratio against our dense step)'}`);
    for (const r of results) console.log(`${r.arch.padEnd(8)} d=${r.d} m=${r.m}: L0 ${r.l0} (busiest row ${r.candidatesMax}, batch ${r.candidatesTotal}), ${r.form}${r.cap ? ` cap ${r.cap}` : ''}${r.budget ? ` budget ${r.budget}` : ''}: ${r.tokensPerSec} tok/s, ours dense ${r.denseTokensPerSec}, ${r.reference} ${r.referenceTokensPerSec}, ratio ${r.ratio}; dense-step GEMM bound ${r.gemmBoundTokensPerSec} tok/s (ratio ${r.ratioToGemmBound})`);
    for (const r of results) for (const n of r.notes) console.log(`  ${r.arch} d=${r.d}: ${n}`);
  }
}
