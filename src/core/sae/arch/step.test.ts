import { describe, expect, it } from 'vitest';
import { grad, input, Program, type Tensor } from '../../engine';
import { unitDecoderRule } from './common';
import { Rng } from '../../io/rng';
import { archEntry, parseArchConfig } from './registry';
import type { ArchStep, BuildContext } from './types';
import * as ref from './testing/referenceLoss';

/*
 * One step of each architecture against plain TypeScript (testing/referenceLoss.ts) on a tiny
 * case: the loss the compiled step reports, and the gradient of every parameter, compared
 * with central finite differences of the reference loss (float64, h = 1e-3) or, for JumpReLU's
 * θ, with the pseudo-derivative formula. Tolerance: |g − g_ref| ≤ 2e-3 + 2e-2·|g_ref|.
 */
const dims = { B: 6, d: 5, m: 8 };
const { B, d, m } = dims;

function context(seed: number): BuildContext {
  const rng = new Rng(seed);
  return { ...dims, steps: 100, bDec: Float32Array.from({ length: d }, () => 0.1 * rng.normal()), rng };
}

function batch(seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: B * d }, () => rng.normal());
}

/** Random, non-degenerate starting values for every parameter (biases too). */
function perturbed(step: ArchStep, seed: number): Record<string, Float32Array> {
  const rng = new Rng(seed);
  return Object.fromEntries(Object.entries(step.initial).map(([k, v]) => [k, Float32Array.from(v, (x) => x + (k === 'log_threshold' ? 0 : 0.2 * rng.normal()))]));
}

/** The step's loss and the gradient of its loss w.r.t. each parameter, from the engine. */
async function engineGradients(step: ArchStep, initial: Record<string, Float32Array>, feeds: Record<string, Float32Array>, state: Record<string, Float32Array> = {}) {
  const loss = step.spec.outputs.loss;
  const params = step.spec.updates.map(([leaf]) => leaf).filter((t: Tensor) => t.leaf!.kind === 'param');
  const grads = grad(loss, params);
  const outputs = Object.fromEntries(params.map((p, i) => [`g_${p.leaf!.name}`, grads[i]]));
  const program = await Program.compile({ updates: [], outputs: { loss, ...outputs } }, { ...initial, ...state }, { threads: 1 });
  // The loss alone reads only some of the step's feeds (not EMA rates, for instance).
  const out = (await program.run(Object.fromEntries(program.inputs.map((n) => [n, feeds[n]])))) as Record<string, Float32Array>;
  await program.dispose();
  return out;
}

function toP(v: Record<string, Float32Array>): ref.P {
  return Object.fromEntries(Object.entries(v).map(([k, a]) => [k, Array.from(a)]));
}

/** Central differences of `f` w.r.t. every entry of the parameters named. */
function finiteDiff(p: ref.P, names: string[], f: (p: ref.P) => number, h = 1e-3): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const name of names) {
    out[name] = p[name].map((_, i) => {
      const plus = { ...p, [name]: p[name].slice() };
      const minus = { ...p, [name]: p[name].slice() };
      plus[name][i] += h;
      minus[name][i] -= h;
      return (f(plus) - f(minus)) / (2 * h);
    });
  }
  return out;
}

function expectClose(got: Float32Array, want: number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  const bad = want.findIndex((w, i) => !(Math.abs(got[i] - w) <= 2e-3 + 2e-2 * Math.abs(w)));
  expect(bad, `${what}[${bad}]: ${got[bad]} vs ${want[bad]}`).toBe(-1);
}

async function check(arch: string, cfgRaw: Record<string, unknown>, refLoss: (p: ref.P, x: number[], frozen: ref.P) => number, opts: { frozen?: (p: ref.P, x: number[]) => ref.P; state?: Record<string, Float32Array>; feeds?: Record<string, Float32Array>; skip?: string[]; host?: Record<string, unknown> } = {}) {
  const entry = archEntry(arch);
  const step = entry.build(parseArchConfig(arch, cfgRaw), context(1));
  if (opts.host) step.restoreHostState!(opts.host);
  const initial = perturbed(step, 2);
  const x = batch(3);
  const feeds = { x, ...step.feeds(100), ...opts.feeds };
  const out = await engineGradients(step, initial, feeds, opts.state);
  const p = toP(initial);
  const xs = Array.from(x);
  const frozen = opts.frozen?.(p, xs) ?? {};
  expect(Math.abs(out.loss[0] - refLoss(p, xs, frozen))).toBeLessThan(1e-4 * Math.max(1, Math.abs(out.loss[0])));
  const names = Object.keys(initial).filter((n) => !(opts.skip ?? []).includes(n));
  const fd = finiteDiff(p, names, (q) => refLoss(q, xs, frozen));
  for (const name of names) expectClose(out[`g_${name}`], fd[name], `${arch} ∂L/∂${name}`);
  return { out, p, xs };
}

describe('one step of each architecture against plain TypeScript', () => {
  it('relu: MSE + λ·Σ f_i‖W_dec,i‖', async () => {
    await check('relu', { l1Coefficient: 0.7 }, (p, x) => ref.reluL1(p, x, dims, 0.7));
  });

  it('l1: MSE + λ·Σ f_i, no decoder-norm weighting', async () => {
    await check('l1', { l1Coefficient: 0.7 }, (p, x) => ref.plainL1(p, x, dims, 0.7));
  });

  it('topk: MSE + α·AuxK over dead latents (residual frozen)', async () => {
    const k = 3;
    const dead = Array.from({ length: m }, (_, i) => i % 2 === 0);
    const since = Float32Array.from(dead, (v) => (v ? 1e9 : 0));
    const frozen = (p: ref.P, x: number[]) => ({ e: x.map((v, i) => v - ref.decode(ref.topkCodes(p, x, dims, k), p.W_dec, p.b_dec, dims)[i]) });
    await check('topk', { k, kAux: 2, auxKCoefficient: 0.5, deadTokens: 60 }, (p, x, fr) => ref.mseSum(x, ref.decode(ref.topkCodes(p, x, dims, k), p.W_dec, p.b_dec, dims), B) + 0.5 * ref.auxK(p, x, dims, fr.e, dead, 2), { frozen, state: { steps_since_fired: since } });
  });

  it('topk: with no dead latent AuxK is 0, and the lean step (no AuxK) gives the same loss and gradients', async () => {
    const step = archEntry('topk').build(parseArchConfig('topk', { k: 3, kAux: 2, auxKCoefficient: 0.5, deadTokens: 60 }), context(1));
    const window = 60 / B;
    const since = Float32Array.from({ length: m }, (_, i) => (i === 3 ? window - 4 : i % 3));
    const initial = perturbed(step, 2);
    const x = batch(3);
    const feeds = { x, ...step.feeds(100) };
    const full = await engineGradients(step, initial, feeds, { steps_since_fired: since });
    const lean = await engineGradients({ ...step, spec: step.lean!.spec }, initial, feeds); // its loss reads no dead-latent counter
    expect(Object.keys(lean).sort()).toEqual(Object.keys(full).sort());
    for (const name of Object.keys(full)) expect(Array.from(lean[name]), name).toEqual(Array.from(full[name]));
    const p = toP(initial);
    const xs = Array.from(x);
    expect(full.loss[0]).toBeCloseTo(ref.mseSum(xs, ref.decode(ref.topkCodes(p, xs, dims, 3), p.W_dec, p.b_dec, dims), B), 4);
    // the latent 4 steps short of the window may die in the 5th step from now, not before
    const held = (name: string) => (name === 'steps_since_fired' ? since : new Float32Array(0));
    expect(step.lean!.applies(4, held)).toBe(true);
    expect(step.lean!.applies(5, held)).toBe(false);
  });

  it('batchtopk: the batch keeps its B·k largest activations', async () => {
    await check('batchtopk', { k: 2, rowCapFactor: 2, auxKCoefficient: 0 }, (p, x) => ref.mseSum(x, ref.decode(ref.batchTopkCodes(p, x, dims, 2, 4), p.W_dec, p.b_dec, dims), B));
  });

  it('jumprelu: true gradients for the weights, pseudo-derivatives for θ', async () => {
    const cfg = { l0Coefficient: 0.3, bandwidth: 0.8, initThreshold: 0.3 };
    const { out, p, xs } = await check('jumprelu', cfg, (q, x) => ref.jumpRelu(q, x, dims, 0.3), { skip: ['log_threshold'] });
    const want = ref.jumpReluThetaGrad(p, xs, dims, 0.3, 0.8);
    expect(want.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    expectClose(out.g_log_threshold, want, 'jumprelu ∂L/∂log θ');
  });

  it('gated: the auxiliary term reads a frozen decoder copy', async () => {
    const frozen = (p: ref.P) => ({ W_dec: p.W_dec.slice(), b_dec: p.b_dec.slice() });
    await check('gated', { l1Coefficient: 0.4 }, (p, x, fr) => ref.gatedLoss(p, x, dims, 0.4, fr as { W_dec: number[]; b_dec: number[] }), { frozen });
  });

  it('panneal: λ·mean Σ f^p at p = 0.5', async () => {
    await check('panneal', {}, (p, x) => ref.pAnnealLoss(p, x, dims, 0.25, 0.5), { host: { lambda: 0.25, p: 0.5, nextP: 0.4, queue: [] } });
  });

  it('atm: masked features take no part in the step', async () => {
    const mask = Float32Array.from({ length: m }, (_, i) => (i % 3 === 0 ? 0 : 1));
    await check('atm', { l1Coefficient: 0.6 }, (p, x) => ref.reluL1(p, x, dims, 0.6, Array.from(mask)), { feeds: { feature_mask: mask } });
  });

  it('unit-norm decoder rule: the gradient loses its component along each (unit) row, the update is renormalised', async () => {
    const rng = new Rng(9);
    const w = Float32Array.from({ length: m * d }, () => rng.normal());
    for (let i = 0; i < m; i++) {
      const n = Math.hypot(...w.subarray(i * d, (i + 1) * d));
      for (let j = 0; j < d; j++) w[i * d + j] /= n;
    }
    const g = Float32Array.from({ length: m * d }, () => rng.normal());
    const [gT, wT] = [input('g', [m, d]), input('w', [m, d])];
    const program = await Program.compile({ updates: [], outputs: { projected: unitDecoderRule.grad!(gT, wT), renormalised: unitDecoderRule.after!(gT) } }, {}, { threads: 1 });
    const out = (await program.run({ g, w })) as Record<string, Float32Array>;
    await program.dispose();
    for (let i = 0; i < m; i++) {
      let dot = 0;
      let gw = 0;
      for (let j = 0; j < d; j++) gw += g[i * d + j] * w[i * d + j];
      for (let j = 0; j < d; j++) {
        expect(out.projected[i * d + j]).toBeCloseTo(g[i * d + j] - gw * w[i * d + j], 5);
        dot += out.projected[i * d + j] * w[i * d + j];
      }
      expect(Math.abs(dot)).toBeLessThan(1e-5);
      expect(Math.hypot(...out.renormalised.subarray(i * d, (i + 1) * d))).toBeCloseTo(1, 5);
    }
  });
});
