import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { fitWhitening, whitenBatch } from '../../data/whiten';
import { mismatch } from '../../engine/testing/allclose';
import { Rng } from '../../io/rng';
import { CompiledSae } from './compiled';
import { forward, preActivations } from './forward';
import type { Sae, SaeArchitecture } from './sae';
import { loadSaeLens } from './saelens';
import { randomSae } from './testSae';

const d = 12;
const m = 40;
const rows = 37; // not a multiple of the chunk: the last of three chunks is padded
const chunkRows = 16;
const rng = new Rng(11);
const gaussian = (n: number, scale = 1) => Float32Array.from({ length: n }, () => rng.normal() * scale);
const x = gaussian(rows * d);
// Whitening fitted on correlated, offset data so W, W⁻¹ and μ all matter.
const fitRows = 400;
const whitening = fitWhitening(Float32Array.from({ length: fitRows * d }, (_, i) => rng.normal() * (1 + (i % d)) + 2), fitRows, d, { kind: 'pca' });

// float32 products of a few dozen terms against float64 accumulation.
const TOL = { rtol: 1e-4, atol: 1e-5 };
// How close to a decision boundary (θ, 0, or the row's k-th value) a value may be and still fire differently.
const BOUNDARY = 1e-4;

const open: CompiledSae[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((c) => c.dispose()));
});
async function compile(sae: Sae, opts: Parameters<typeof CompiledSae.create>[1] = {}): Promise<CompiledSae> {
  const c = await CompiledSae.create(sae, opts);
  open.push(c);
  return c;
}

/** Distance of feature i of row r from the boundary that decides whether it fires. */
function margin(sae: Sae, pre: Float32Array, r: number, i: number): number {
  const p = pre[r * m + i];
  switch (sae.architecture) {
    case 'standard':
      return Math.abs(p);
    case 'topk': {
      const row = Array.from(pre.subarray(r * m, (r + 1) * m)).sort((a, b) => b - a);
      return Math.min(Math.abs(p - row[sae.k! - 1]), Math.abs(p));
    }
    case 'batchtopk':
    case 'jumprelu':
      return Math.abs(p - sae.threshold![i]);
    case 'gated': {
      const mag = (p - sae.b_enc[i]) * Math.exp(sae.gate!.r_mag[i]) + sae.gate!.b_mag[i];
      return Math.min(Math.abs(p), Math.abs(mag));
    }
  }
}

/**
 * f and x̂ against forward.ts: values within TOL where both fire; a feature may fire in one and
 * not the other only within BOUNDARY of its decision boundary, and x̂ is compared on the rows
 * whose firing patterns agree.
 */
function expectMatchesReference(sae: Sae, input: Float32Array, got: { f: Float32Array; xHat: Float32Array }): void {
  const want = forward(sae, input);
  const n = input.length / sae.dIn;
  const pre = preActivations(sae, sae.whitening ? whitenBatch(sae.whitening, input) : input);
  let fired = 0;
  let flipped = 0;
  for (let r = 0; r < n; r++) {
    let same = true;
    for (let i = 0; i < m; i++) {
      const [a, e] = [got.f[r * m + i], want.f[r * m + i]];
      if (a > 0 !== e > 0) {
        expect(margin(sae, pre, r, i), `row ${r} feature ${i}: ${a} vs ${e}`).toBeLessThan(BOUNDARY);
        same = false;
        flipped++;
      } else {
        expect(Math.abs(a - e), `f row ${r} feature ${i}`).toBeLessThanOrEqual(TOL.atol + TOL.rtol * Math.abs(e));
      }
      if (e > 0) fired++;
    }
    if (same) expect(mismatch(got.xHat.subarray(r * sae.dIn, (r + 1) * sae.dIn), want.xHat.subarray(r * sae.dIn, (r + 1) * sae.dIn), { rtol: 1e-4, atol: 1e-4 })).toBeNull();
  }
  // Neither all-zero nor all-firing codes: the comparison exercises the activation.
  expect(fired).toBeGreaterThan(0);
  expect(fired).toBeLessThan(n * m);
  expect(flipped).toBeLessThanOrEqual(2);
}

const ARCHS: SaeArchitecture[] = ['standard', 'topk', 'batchtopk', 'jumprelu', 'gated'];

describe('CompiledSae', () => {
  for (const arch of ARCHS) {
    for (const whitened of [false, true]) {
      it(`${arch}${whitened ? ', whitened' : ''}: features and reconstruction match forward.ts over padded chunks`, async () => {
        const sae = { ...randomSae(arch, d, m, 7), whitening: whitened ? whitening : undefined };
        const c = await compile(sae, { chunkRows, threads: 1 });
        expectMatchesReference(sae, x, await c.forward(x));
      });
    }
  }

  it('without b_dec subtracted from the input, and encode-only graphs give the same features', async () => {
    const sae = { ...randomSae('gated', d, m, 8), applyBDecToInput: false, whitening };
    const full = await compile(sae, { chunkRows });
    const out = await full.forward(x);
    expectMatchesReference(sae, x, out);
    const enc = await compile(sae, { chunkRows, outputs: 'encode' });
    expect(Array.from(await enc.encode(x))).toEqual(Array.from(out.f));
    await expect(enc.forward(x)).rejects.toMatchObject({ code: 'bad-input' });
  });

  it('topk breaks ties by the lower index, as keepTopK does', async () => {
    // W_enc = 0 makes every pre-activation exactly b_enc: values tie exactly at the k-th place.
    const sae: Sae = { ...randomSae('topk', d, 5, 9), W_enc: new Float32Array(d * 5), b_enc: Float32Array.of(1, 3, 3, 2, 3), k: 2 };
    const c = await compile(sae, { chunkRows: 4 });
    const f = await c.encode(x.subarray(0, 3 * d));
    expect(Array.from(f)).toEqual([0, 3, 3, 0, 0, 0, 3, 3, 0, 0, 0, 3, 3, 0, 0]);
    expect(Array.from(f)).toEqual(Array.from(forward(sae, x.subarray(0, 3 * d)).f));
  });

  it('runs a real SAELens checkpoint as forward.ts does', async () => {
    // ReLU SAE (d_in 128, d_sae 1024) trained on Othello-GPT's residual stream, from
    // ../shared/data/activations (thijmennijdam/Othello-GPT-FeatInterp, MIT; SOURCES.md there).
    const dir = path.resolve(__dirname, '../../../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');
    const sae = await loadSaeLens(dir);
    expect([sae.architecture, sae.dIn, sae.dSae]).toEqual(['standard', 128, 1024]);
    const input = gaussian(300 * sae.dIn);
    const c = await compile(sae);
    const got = await c.forward(input);
    const want = forward(sae, input);
    // Sums of 128 float32 products: a ReLU output within 1e-4 of 0 may be 0 on one side only.
    expect(mismatch(got.f, want.f, { rtol: 1e-4, atol: 1e-4 })).toBeNull();
    expect(mismatch(got.xHat, want.xHat, { rtol: 1e-4, atol: 1e-4 })).toBeNull();
    expect(want.f.filter((v) => v > 0).length).toBeGreaterThan(0);
  });

  it('rejects an input that is not whole rows of d_in, naming the input and the shapes', async () => {
    const c = await compile(randomSae('standard', d, m, 10), { chunkRows });
    const err = await c.encode(new Float32Array(3 * d + 5)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'shape', where: 'x' });
    expect((err as StudioError).message).toContain(`${3 * d + 5} values`);
    expect((err as StudioError).message).toContain(`d_in = ${d}`);
  });
});
