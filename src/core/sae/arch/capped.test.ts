import { describe, expect, it } from 'vitest';
import { grad, Program, type StepSpec, type Tensor } from '../../engine';
import { Rng } from '../../io/rng';
import { CANDIDATES_MAX, CANDIDATES_TOTAL, OVERFLOW } from './capped';
import { archEntry, parseArchConfig } from './registry';
import type { ArchStep, BuildContext } from './types';

/*
 * The sparse-aware steps (issue 25) against the dense ones on the same batch and weights: the
 * loss, every parameter's gradient and the live metrics agree within float32 rounding
 * (|g − g_dense| ≤ 1e-5 + 1e-4·max|g_dense| over the tensor), and a cap below some row's candidates is flagged.
 * The starting weights are random with b_enc pushed down, so rows hold 1–10 of 64 latents, as a
 * trained SAE's do; JumpReLU's thresholds are spread so that some pre-activations fall in the
 * kernel's band.
 */
const dims = { B: 16, d: 8, m: 64 };
const { B, d, m } = dims;

function context(): BuildContext {
  const rng = new Rng(1);
  return { ...dims, steps: 100, bDec: Float32Array.from({ length: d }, () => 0.1 * rng.normal()), rng };
}

function sparseState(step: ArchStep, bEnc: number): Record<string, Float32Array> {
  const rng = new Rng(2);
  const out: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(step.initial)) {
    if (k === 'b_enc') out[k] = Float32Array.from(v, () => bEnc + 0.1 * rng.normal());
    else if (k === 'r_mag' || k === 'b_mag') out[k] = Float32Array.from(v, () => 0.3 * rng.normal());
    else if (k === 'log_threshold') out[k] = Float32Array.from(v, () => Math.log(0.05 + 0.2 * rng.next()));
    else out[k] = Float32Array.from(v, (x) => 3 * x + 0.2 * rng.normal());
  }
  return out;
}

/** The loss, its gradient w.r.t. each parameter, the step's scalar results and its new state (EMAs, counters), from the engine. */
async function gradients(spec: StepSpec, initial: Record<string, Float32Array>, feeds: Record<string, Float32Array>) {
  const params = spec.updates.map(([leaf]) => leaf).filter((t: Tensor) => t.leaf!.kind === 'param');
  const grads = grad(spec.outputs.loss, params);
  const scalars = Object.fromEntries(Object.entries(spec.outputs).filter(([, t]) => t.shape.length === 0));
  const states = spec.updates.filter(([leaf]) => leaf.leaf!.kind === 'state' && !leaf.leaf!.name.includes('.')).map(([leaf, next]) => [`s_${leaf.leaf!.name}`, next]);
  const program = await Program.compile({ updates: [], outputs: { ...scalars, ...Object.fromEntries(states), ...Object.fromEntries(params.map((p, i) => [`g_${p.leaf!.name}`, grads[i]])) } }, initial, { threads: 1 });
  const out = (await program.run(Object.fromEntries(program.inputs.map((n) => [n, feeds[n]])))) as Record<string, Float32Array>;
  await program.dispose();
  return out;
}

/** The most latents in any row with z > θ − band (θ = 0 without thresholds) and not masked, in float64 on the host. */
function busiestRow(w: Record<string, Float32Array>, x: Float32Array, band: number, keep?: Float32Array): number {
  let most = 0;
  for (let b = 0; b < B; b++) {
    let n = 0;
    for (let i = 0; i < m; i++) {
      let z = w.b_enc[i];
      for (let j = 0; j < d; j++) z += (x[b * d + j] - w.b_dec[j]) * w.W_enc[j * m + i];
      const theta = w.log_threshold ? Math.exp(w.log_threshold[i]) : 0;
      if (z > theta - band && keep?.[i] !== 0) n++;
    }
    most = Math.max(most, n);
  }
  return most;
}

function expectClose(got: Float32Array, want: Float32Array, what: string): void {
  expect(got.length, what).toBe(want.length);
  // float32 sums in another order: relative to the tensor's largest entry (terms of that size cancel in the small ones)
  const scale = want.reduce((a, w) => Math.max(a, Math.abs(w)), 0);
  const bad = want.findIndex((w, i) => !(Math.abs(got[i] - w) <= 1e-5 + 1e-4 * scale));
  expect(bad, `${what}[${bad}]: ${got[bad]} vs ${want[bad]}`).toBe(-1);
}

// JumpReLU with a wide band, so that the band below θ holds latents the cap must keep; p-annealing at p = 0.5
const cases: [string, Record<string, unknown>, number, Record<string, unknown>?][] = [
  ['relu', {}, -1.3],
  ['jumprelu', { bandwidth: 0.6 }, -1.2],
  ['panneal', {}, -1.3, { lambda: 0.5, p: 0.5, nextP: 0.4, queue: [] }],
  ['gated', {}, -1.3],
  ['atm', {}, -1.3],
];

describe('sparse-aware steps', () => {
  for (const [arch, cfg, bEnc, host] of cases) {
    it(`${arch}: the capped step's loss, gradients and metrics equal the dense step's on the same batch`, async () => {
      const step = archEntry(arch).build(parseArchConfig(arch, cfg), context());
      if (host) step.restoreHostState!(host);
      const initial = sparseState(step, bEnc);
      const rng = new Rng(3);
      // ATM: a quarter of the latents masked
      const feeds = { x: Float32Array.from({ length: B * d }, () => rng.normal()), ...step.feeds(100), feature_mask: Float32Array.from({ length: m }, () => (rng.next() < 0.25 ? 0 : 1)) };
      const dense = await gradients(step.spec, initial, feeds);
      const most = dense[CANDIDATES_MAX][0];
      expect(most).toBeGreaterThan(1);
      expect(most).toBeLessThan(m / 2);
      // the candidates hold every latent a pseudo-derivative reads: z > θ − ε/2 (all of z > 0 for ReLU)
      expect(most).toBeGreaterThanOrEqual(busiestRow(initial, feeds.x, arch === 'jumprelu' ? 0.3 : 0, arch === 'atm' ? feeds.feature_mask : undefined));
      const sparse = await gradients(step.sparse!.spec(most + 1), initial, feeds);
      expect(sparse[OVERFLOW][0]).toBe(0);
      for (const name of Object.keys(dense)) expectClose(sparse[name], dense[name], name);
      // a cap the busiest row does not fit in is flagged, never silently truncated
      const tight = await gradients(step.sparse!.spec(Math.floor(most)), initial, feeds);
      expect(tight[OVERFLOW][0]).toBe(1);
    });
  }

  // the per-batch budget form (budget.ts): the batch's candidates as one list of (row, latent) entries
  for (const [arch, cfg, bEnc, host] of cases.filter(([a]) => archEntry(a).build(parseArchConfig(a, {}), context()).sparse?.budget)) {
    it(`${arch}: the budget step's loss, gradients and metrics equal the dense step's, and a budget one short is flagged`, async () => {
      const step = archEntry(arch).build(parseArchConfig(arch, cfg), context());
      if (host) step.restoreHostState!(host);
      const initial = sparseState(step, bEnc);
      // the last latent fires on every row: the padding past the last entry points at it (row B − 1) and must still add nothing
      initial.b_enc[m - 1] = 30;
      const rng = new Rng(3);
      const feeds = { x: Float32Array.from({ length: B * d }, () => rng.normal()), ...step.feeds(100) };
      const dense = await gradients(step.spec, initial, feeds);
      const total = dense[CANDIDATES_TOTAL][0];
      expect(total).toBeGreaterThan(B);
      expect(total).toBeLessThan((B * m) / 2);
      // a budget with room to spare (the padding past the last entry must add nothing)
      const roomy = await gradients(step.sparse!.budget!(total + 13), initial, feeds);
      expect(roomy[OVERFLOW][0]).toBe(0);
      for (const name of Object.keys(dense)) expectClose(roomy[name], dense[name], name);
      const exact = await gradients(step.sparse!.budget!(total), initial, feeds);
      expect(exact[OVERFLOW][0]).toBe(0);
      expectClose(exact.g_W_enc, dense.g_W_enc, 'g_W_enc at a full budget');
      const tight = await gradients(step.sparse!.budget!(total - 1), initial, feeds);
      expect(tight[OVERFLOW][0]).toBe(1);
    });
  }
});

