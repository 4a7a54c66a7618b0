/**
 * The demo's sweep: every architecture the studio trains; ReLU-L1, the paper's plain L1 (unit
 * decoder) and p-annealing at two or three sparsity levels (p-annealing against plain L1 is the
 * paper's matched-L0 comparison, matchedL0.ts) and the others at one, and whitening on for two
 * of them (Saraswatula & Klindt), all on the same batches (one `fit`).
 * Penalty coefficients are stated for inputs of RMS 1 per dimension (E‖x‖² = d, the
 * normalisation SAELens trains under) and rescaled to the data: an L1-type penalty grows
 * like the scale s of x while the MSE grows like s², so λ_L1 ∝ s and λ_L0 ∝ s². JumpReLU's
 * threshold start and kernel bandwidth are lengths in activation units too: its straight-through
 * gradient only reaches θ from activations within ε of it, so they scale with s (measured on the
 * shipped model's layer-2 residuals: SAELens's ε = 0.05, θ₀ = 0.01 left L0 at 438 of 512 after
 * 1000 steps; 0.25·s for both brought it to 23–50).
 */
import type { DemoPlan } from './sizes';

export interface SweepEntry {
  /** run name: architecture and its sparsity setting */
  name: string;
  arch: string;
  archConfig: Record<string, unknown>;
  whitening: { kind: 'pca' | 'zca' } | null;
}

/**
 * ReLU-L1 and p-annealing at a low, middle and high penalty (a factor 2 apart, so their L0
 * ranges overlap for the matched-L0 comparison; `comparedLevels: 2` keeps the middle and high
 * ones), every other architecture at the middle setting.
 */
function levels(plan: DemoPlan, rms: number, d: number): SweepEntry[] {
  const l1 = (c: number) => Number((c * rms).toPrecision(4));
  const l0 = (c: number) => Number((c * rms * rms).toPrecision(4));
  const len = (c: number) => Number((c * rms).toPrecision(4));
  const k = Math.max(2, Math.round(d / 8));
  const compared = (cs: number[]) => cs.slice(3 - plan.comparedLevels);
  return [
    ...compared([0.75, 1.5, 3]).map((c) => ({ name: `relu-l1 λ=${l1(c)}`, arch: 'relu', archConfig: { l1Coefficient: l1(c) }, whitening: null })),
    ...compared([0.75, 1.5, 3]).map((c) => ({ name: `l1 λ=${l1(c)}`, arch: 'l1', archConfig: { l1Coefficient: l1(c) }, whitening: null })),
    ...compared([0.4, 0.8, 1.6]).map((c) => ({ name: `p-anneal λ=${l1(c)}`, arch: 'panneal', archConfig: { sparsityCoefficient: l1(c) }, whitening: null })),
    { name: `gated λ=${l1(1)}`, arch: 'gated', archConfig: { l1Coefficient: l1(1) }, whitening: null },
    { name: `topk k=${k}`, arch: 'topk', archConfig: { k }, whitening: null },
    // a second TopK at twice the k brackets ATM's and JumpReLU's L0 for the absorption comparison
    { name: `topk k=${2 * k}`, arch: 'topk', archConfig: { k: 2 * k }, whitening: null },
    { name: `batchtopk k=${k}`, arch: 'batchtopk', archConfig: { k }, whitening: null },
    { name: `jumprelu λ=${l0(0.27)}`, arch: 'jumprelu', archConfig: { l0Coefficient: l0(0.27), bandwidth: len(0.25), initThreshold: len(0.25) }, whitening: null },
    { name: `atm λ=${l1(1.5)}`, arch: 'atm', archConfig: { l1Coefficient: l1(1.5) }, whitening: null },
  ];
}

/**
 * The sweep for data of per-dimension RMS `rms` and width `d`. The whitened runs are the middle
 * ReLU-L1 setting and TopK.
 */
export function demoSweep(plan: DemoPlan, rms: number, d: number): SweepEntry[] {
  const runs = levels(plan, rms, d);
  // The loss stays in the original space (scale s²) while the codes read whitened rows (RMS 1),
  // so a whitened run's L1 penalty balances the MSE at λ ∝ s², not s.
  const relu = { ...runs.find((e) => e.arch === 'relu' && e.archConfig.l1Coefficient === Number((1.5 * rms).toPrecision(4)))! };
  relu.archConfig = { l1Coefficient: Number((1.5 * rms * rms).toPrecision(4)) };
  relu.name = `relu-l1 λ=${relu.archConfig.l1Coefficient}`;
  const whitened = [relu, runs.find((e) => e.arch === 'topk')!].map((e) => ({ ...e, name: `${e.name} whitened`, whitening: { kind: 'zca' as const } }));
  return [...runs, ...whitened];
}

/**
 * The paper's random-weights control (Karvonen et al. 2024 train the same SAEs on an untrained
 * copy of the model, ALGORITHMS-DETAIL §1.1): one SAE at the middle ReLU-L1 setting (λ = 1.5·s
 * at either `comparedLevels`), chosen before any result is seen.
 */
export function controlSweep(sweep: readonly SweepEntry[]): SweepEntry[] {
  const relu = sweep.filter((e) => e.arch === 'relu' && !e.whitening);
  const middle = relu[relu.length - 2];
  return [{ ...middle, name: `${middle.name} on the random-weights model` }];
}
