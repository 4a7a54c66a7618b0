/**
 * The demo's sweep: every architecture the studio trains at one or two sparsity levels, and
 * whitening on for two of them (Saraswatula & Klindt), all on the same batches (one `fit`).
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

/** Two levels each; `levels: 1` keeps the first. */
function levels(plan: DemoPlan, rms: number, d: number): SweepEntry[][] {
  const l1 = (c: number) => Number((c * rms).toPrecision(4));
  const l0 = (c: number) => Number((c * rms * rms).toPrecision(4));
  const len = (c: number) => Number((c * rms).toPrecision(4));
  const k = (share: number) => Math.max(2, Math.round(share * d));
  return [
    [1.5, 4].map((c) => ({ name: `relu-l1 λ=${l1(c)}`, arch: 'relu', archConfig: { l1Coefficient: l1(c) }, whitening: null })),
    [k(1 / 8), k(1 / 32)].map((kk) => ({ name: `topk k=${kk}`, arch: 'topk', archConfig: { k: kk }, whitening: null })),
    [k(1 / 8), k(1 / 32)].map((kk) => ({ name: `batchtopk k=${kk}`, arch: 'batchtopk', archConfig: { k: kk }, whitening: null })),
    [0.27, 1].map((c) => ({ name: `jumprelu λ=${l0(c)}`, arch: 'jumprelu', archConfig: { l0Coefficient: l0(c), bandwidth: len(0.25), initThreshold: len(0.25) }, whitening: null })),
    [0.3, 0.8].map((c) => ({ name: `p-anneal λ=${l1(c)}`, arch: 'panneal', archConfig: { sparsityCoefficient: l1(c) }, whitening: null })),
    [1.5, 4].map((c) => ({ name: `atm λ=${l1(c)}`, arch: 'atm', archConfig: { l1Coefficient: l1(c) }, whitening: null })),
  ].map((entries) => entries.slice(0, plan.levels));
}

/**
 * The sweep for data of per-dimension RMS `rms` and width `d`. The whitened runs take the
 * first ReLU-L1 and TopK settings for whitened inputs, whose RMS is 1 by construction.
 */
export function demoSweep(plan: DemoPlan, rms: number, d: number): SweepEntry[] {
  const unit = levels(plan, 1, d);
  const whitened = [unit[0][0], unit[1][0]].map((e) => ({ ...e, name: `${e.name} whitened`, whitening: { kind: 'zca' as const } }));
  return [...levels(plan, rms, d).flat(), ...whitened];
}
