import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { readSafetensors, writeSafetensors } from '../../data/safetensors';
import { fitWhitening } from '../../data/whiten';
import { SAELENS_CFG, SAELENS_WEIGHTS, SPARSIFY_WEIGHTS } from './files';
import { encode, forward } from './forward';
import { loadSaeFolder } from './load';
import { loadSaeLens, saveSaeLens } from './saelens';
import type { Sae } from './sae';
import { randomSae } from './testSae';
import { loadTrainerState, saveTrainerState } from './trainerState';

// Real ReLU SAEs trained with sae_lens 3.4.0 (pre-v6 flat cfg keys, no `architecture`) on
// Othello-GPT; thijmennijdam/Othello-GPT-FeatInterp (MIT), shared/data/activations/SOURCES.md §1.
const REAL_ROOT = path.resolve(__dirname, '../../../../../shared/data/activations/othello_gpt_saes_saelens');

const rng = new Rng(8);
const probe = (dIn: number) => Float32Array.from({ length: 4 * dIn }, () => rng.normal());

async function expectError(p: Promise<unknown>, code: string, where: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  expect((err as StudioError).code).toBe(code);
  expect((err as StudioError).where).toBe(where);
}

/** Bit-for-bit equality of two float arrays (vitest's deep equality is slow on 10⁵ elements). */
function sameBits(a: Float32Array | undefined, b: Float32Array | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function expectSameSae(a: Sae, b: Sae) {
  expect(b.architecture).toBe(a.architecture);
  expect([b.dIn, b.dSae, b.k, b.applyBDecToInput]).toEqual([a.dIn, a.dSae, a.k, a.applyBDecToInput]);
  for (const key of ['W_enc', 'W_dec', 'b_enc', 'b_dec', 'threshold'] as const) expect(sameBits(b[key], a[key]), key).toBe(true);
  expect(sameBits(b.gate?.r_mag, a.gate?.r_mag) && sameBits(b.gate?.b_mag, a.gate?.b_mag)).toBe(true);
  expect(sameBits(b.whitening?.W, a.whitening?.W)).toBe(true);
}

describe('SAELens checkpoints', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ckpt-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads all six real sae_lens 3.4.0 folders and round-trips them to identical tensors and outputs', async () => {
    const folders = (await fs.readdir(REAL_ROOT)).filter((f) => f.startsWith('my-own-othello-model'));
    expect(folders.length).toBe(6);
    for (const folder of folders) {
      const { format, sae } = await loadSaeFolder(path.join(REAL_ROOT, folder));
      expect(format).toBe('saelens');
      expect(sae).toMatchObject({ architecture: 'standard', dIn: 128, applyBDecToInput: false });
      expect(sae.dSae).toBe(folder.includes('_16_') ? 2048 : 1024);
      const raw = (await readSafetensors(path.join(REAL_ROOT, folder, SAELENS_WEIGHTS))).tensors;
      expect(sameBits(sae.W_dec, raw.W_dec.data)).toBe(true);
      expect(sae.cfg.hook_name).toMatch(/^blocks\.\d\.hook_resid_pre$/);
      const out = path.join(dir, folder);
      await saveSaeLens(out, sae);
      const back = await loadSaeLens(out);
      expectSameSae(sae, back);
      const x = probe(128);
      const [fa, fb] = [forward(sae, x), forward(back, x)];
      expect(sameBits(fa.f, fb.f) && sameBits(fa.xHat, fb.xHat)).toBe(true);
      const cfg = JSON.parse(await fs.readFile(path.join(out, SAELENS_CFG), 'utf8'));
      expect(cfg).toMatchObject({ architecture: 'standard', d_in: 128, d_sae: sae.dSae, dtype: 'float32', apply_b_dec_to_input: false, normalize_activations: 'none', studio: { architecture: 'standard' } });
    }
  });

  it('round-trips every architecture, with whitening and a training config', async () => {
    const sample = Float32Array.from({ length: 200 * 8 }, () => rng.normal());
    const whitening = fitWhitening(sample, 200, 8, { kind: 'pca' });
    for (const arch of ['standard', 'topk', 'batchtopk', 'jumprelu', 'gated'] as const) {
      const sae = { ...randomSae(arch, 8, 24, 1), whitening: arch === 'gated' ? undefined : whitening };
      const out = path.join(dir, arch);
      await saveSaeLens(out, sae, { lr: 3e-4, steps: 100 });
      const cfg = JSON.parse(await fs.readFile(path.join(out, SAELENS_CFG), 'utf8'));
      // BatchTopK is exported as SAELens does: a JumpReLU with θ for every feature.
      expect(cfg.architecture).toBe(arch === 'batchtopk' ? 'jumprelu' : arch);
      expect(cfg.studio.training).toEqual({ lr: 3e-4, steps: 100 });
      const names = Object.keys((await readSafetensors(path.join(out, SAELENS_WEIGHTS))).tensors).sort();
      if (arch === 'gated') expect(names).toEqual(['W_dec', 'W_enc', 'b_dec', 'b_gate', 'b_mag', 'r_mag']);
      if (arch === 'jumprelu') expect(names).toEqual(['W_dec', 'W_enc', 'b_dec', 'b_enc', 'threshold']);
      const back = await loadSaeLens(out);
      expectSameSae(sae, back);
      const x = probe(8);
      expect(encode(back, x)).toEqual(encode(sae, x));
    }
  });

  it('reads pre-6.0 topk keys, log θ, a scaling_factor, decoder-norm rescaling and an activation scaler', async () => {
    const base = randomSae('topk', 8, 24, 2);
    const write = async (name: string, cfg: Record<string, unknown>, tensors: Record<string, Float32Array>) => {
      const out = path.join(dir, name);
      await fs.mkdir(out);
      await fs.writeFile(path.join(out, SAELENS_CFG), JSON.stringify({ d_in: 8, d_sae: 24, ...cfg }));
      const shapes: Record<string, number[]> = { W_enc: [8, 24], W_dec: [24, 8], b_dec: [8] };
      await writeSafetensors(path.join(out, SAELENS_WEIGHTS), Object.fromEntries(Object.entries(tensors).map(([k, v]) => [k, { shape: shapes[k] ?? [24], data: v }])));
      return out;
    };
    const weights = { W_enc: base.W_enc, W_dec: base.W_dec, b_enc: base.b_enc, b_dec: base.b_dec };
    const x = probe(8);

    const legacy = await loadSaeLens(await write('legacy', { activation_fn_str: 'topk', activation_fn_kwargs: { k: 3 }, hook_point: 'blocks.0.hook_resid_pre' }, weights));
    expect(legacy).toMatchObject({ architecture: 'topk', k: 3 });

    const theta = Float32Array.from({ length: 24 }, (_, i) => 0.01 * (i + 1));
    const logTheta = await loadSaeLens(await write('logtheta', { architecture: 'jumprelu' }, { ...weights, log_threshold: theta.map(Math.log) }));
    for (let i = 0; i < 24; i++) expect(logTheta.threshold![i]).toBeCloseTo(theta[i], 6);

    // scaling_factor multiplies features before decoding: folded into W_dec rows.
    const s = Float32Array.from({ length: 24 }, (_, i) => 1 + i / 10);
    const scaled = await loadSaeLens(await write('scaled', { activation_fn_str: 'relu' }, { ...weights, scaling_factor: s }));
    const plain = { ...base, architecture: 'standard' as const, k: undefined };
    const fs2 = encode(plain, x).map((v, idx) => v * s[idx % 24]);
    const xHatRef = new Float32Array(4 * 8);
    for (let r = 0; r < 4; r++) for (let j = 0; j < 8; j++) {
      let acc = base.b_dec[j];
      for (let i = 0; i < 24; i++) acc += fs2[r * 24 + i] * base.W_dec[i * 8 + j];
      xHatRef[r * 8 + j] = acc;
    }
    forward(scaled, x).xHat.forEach((v, i) => expect(v).toBeCloseTo(xHatRef[i], 5));

    // v6 topk with rescale_acts_by_decoder_norm: TopK on pre·‖W_dec,i‖, decode f/‖W_dec,i‖.
    const rescaled = await loadSaeLens(await write('rescaled', { architecture: 'topk', k: 4, rescale_acts_by_decoder_norm: true }, weights));
    const norms = Array.from({ length: 24 }, (_, i) => Math.hypot(...base.W_dec.subarray(i * 8, (i + 1) * 8)));
    const scaledPre = encode({ ...base, architecture: 'standard', W_enc: base.W_enc.map((v, idx) => v * norms[idx % 24]), b_enc: base.b_enc.map((v, i) => v * norms[i]) }, x);
    const got = forward(rescaled, x);
    for (let r = 0; r < 4; r++) {
      const row = Array.from(scaledPre.subarray(r * 24, (r + 1) * 24));
      const kth = [...row].sort((a, b) => b - a)[3];
      row.forEach((v, i) => expect(got.f[r * 24 + i]).toBeCloseTo(v >= kth ? v : 0, 4));
    }

    // expected_average_only_in: the SAE saw c·x and returned x̂/c.
    const scalerDir = await write('scaler', { architecture: 'standard', normalize_activations: 'expected_average_only_in' }, weights);
    await expectError(loadSaeLens(scalerDir), 'unsupported', `${path.join(scalerDir, SAELENS_CFG)}: normalize_activations`);
    await fs.writeFile(path.join(scalerDir, 'activation_scaler.json'), JSON.stringify({ scaling_factor: 2.5 }));
    const withScaler = await loadSaeLens(scalerDir);
    const inner = forward(plain, x.map((v) => v * 2.5));
    forward(withScaler, x).xHat.forEach((v, i) => expect(v).toBeCloseTo(inner.xHat[i] / 2.5, 5));
  });

  it('names the file and field of inconsistent or unsupported checkpoints', async () => {
    const sae = randomSae('standard', 8, 24, 3);
    const out = path.join(dir, 'bad');
    await saveSaeLens(out, sae);
    const cfgFile = path.join(out, SAELENS_CFG);
    const cfg = JSON.parse(await fs.readFile(cfgFile, 'utf8'));
    await fs.writeFile(cfgFile, JSON.stringify({ ...cfg, d_sae: 32 }));
    await expectError(loadSaeLens(out), 'shape', `${path.join(out, SAELENS_WEIGHTS)}: W_enc`);
    await fs.writeFile(cfgFile, JSON.stringify({ ...cfg, d_in: 'eight' }));
    await expectError(loadSaeLens(out), 'bad-file', `${cfgFile}: d_in`);
    await fs.writeFile(cfgFile, JSON.stringify({ ...cfg, architecture: 'transcoder' }));
    await expectError(loadSaeLens(out), 'unsupported', `${cfgFile}: architecture`);
    await fs.writeFile(cfgFile, JSON.stringify({ ...cfg, architecture: 'jumprelu' }));
    await expectError(loadSaeLens(out), 'shape', `${path.join(out, SAELENS_WEIGHTS)}: log_threshold`);
    await expect(saveSaeLens(path.join(dir, 'never'), { ...sae, b_dec: new Float32Array(7) })).rejects.toMatchObject({ code: 'shape', where: `${path.join(dir, 'never')}: b_dec` });
    await expect(fs.stat(path.join(dir, 'never', SAELENS_WEIGHTS))).rejects.toThrow();
    await expectError(loadSaeFolder(dir), 'not-found', dir);
  });

  it('loads a sparsify folder built byte by byte from sparsify\'s own layout, and encodes/decodes as sparsify does', async () => {
    // EleutherAI/sparsify sparse_coder.py: `save_to_disk` writes `sae.safetensors` by `save_model`
    // (keys encoder.weight [num_latents, d_in] and encoder.bias of nn.Linear, W_dec [num_latents, d_in]
    // — initialised as a clone of encoder.weight — and b_dec [d_in]) and cfg.json =
    // SparseCoderConfig.to_dict() plus d_in. `encode`: relu(encoder(x − b_dec)) then top-k;
    // `decode`: Σ top_acts·W_dec[top_indices] + b_dec. The file is written here without the
    // studio's safetensors writer: header length (u64 LE), JSON header, raw little-endian F32.
    const [d, m, k] = [8, 24, 3];
    const r = new Rng(21);
    const enc = Float32Array.from({ length: m * d }, () => r.normal());
    const bias = Float32Array.from({ length: m }, () => 0.3 * r.normal());
    const Wdec = Float32Array.from({ length: m * d }, () => r.normal());
    const bDec = Float32Array.from({ length: d }, () => r.normal());
    const tensors: [string, number[], Float32Array][] = [['W_dec', [m, d], Wdec], ['b_dec', [d], bDec], ['encoder.bias', [m], bias], ['encoder.weight', [m, d], enc]];
    const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
    let offset = 0;
    for (const [name, shape, data] of tensors) {
      header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + data.byteLength] };
      offset += data.byteLength;
    }
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    const body = Buffer.concat(tensors.map(([, , data]) => Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
    const out = path.join(dir, 'sparsify');
    await fs.mkdir(out);
    await fs.writeFile(path.join(out, 'sae.safetensors'), Buffer.concat([len, json, body]));
    const cfg = { activation: 'topk', expansion_factor: 3, normalize_decoder: true, num_latents: 0, k, multi_topk: false, skip_connection: false, transcode: false, d_in: d };
    await fs.writeFile(path.join(out, 'cfg.json'), JSON.stringify(cfg));

    const { format, sae: loaded } = await loadSaeFolder(out);
    expect(format).toBe('sparsify');
    expect([loaded.architecture, loaded.dIn, loaded.dSae, loaded.k]).toEqual(['topk', d, m, k]);
    const x = Float32Array.from({ length: 5 * d }, () => r.normal());
    const got = forward(loaded, x);
    for (let row = 0; row < 5; row++) {
      const pre = Array.from({ length: m }, (_, i) => {
        let s = bias[i];
        for (let j = 0; j < d; j++) s += enc[i * d + j] * (x[row * d + j] - bDec[j]);
        return Math.max(0, s);
      });
      const top = pre.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, k);
      for (let i = 0; i < m; i++) {
        const want = top.find(([, j]) => j === i)?.[0] ?? 0;
        expect(got.f[row * m + i]).toBeCloseTo(want, 4);
      }
      for (let j = 0; j < d; j++) {
        const want = bDec[j] + top.reduce((s, [v, i]) => s + v * Wdec[i * d + j], 0);
        expect(got.xHat[row * d + j]).toBeCloseTo(want, 4);
      }
    }
    await fs.writeFile(path.join(out, 'cfg.json'), JSON.stringify({ ...cfg, num_latents: 32 }));
    await expectError(loadSaeFolder(out), 'shape', `${path.join(out, SPARSIFY_WEIGHTS)}: encoder.weight`);
    await fs.writeFile(path.join(out, 'cfg.json'), JSON.stringify({ ...cfg, transcode: true }));
    await expectError(loadSaeFolder(out), 'unsupported', `${path.join(out, 'cfg.json')}: transcode`);
    await fs.writeFile(path.join(out, 'cfg.json'), JSON.stringify({ ...cfg, gram_lookup: true }));
    await expectError(loadSaeFolder(out), 'unsupported', `${path.join(out, 'cfg.json')}: gram_lookup`);
  });

  it('keeps resume state apart and detects a torn pair of trainer-state files', async () => {
    const moments = { 'adam.m.W_enc': { shape: [2, 3], data: new Float32Array([1, 2, 3, 4, 5, 6]) }, 'adam.v.W_enc': { shape: [2, 3], data: new Float32Array(6).fill(0.5) } };
    const json = { step: 1200, dataCursor: 1200 * 4096, rng: new Rng(1).state(), extra: { l1Warmup: 0.5 } };
    await saveTrainerState(dir, { json, tensors: moments });
    expect(await loadTrainerState(dir)).toEqual({ json, tensors: moments });
    await writeSafetensors(path.join(dir, 'trainer_state.safetensors'), { other: { shape: [1], data: new Float32Array(1) } });
    await expectError(loadTrainerState(dir), 'bad-file', path.join(dir, 'trainer_state.safetensors'));
    await fs.writeFile(path.join(dir, 'trainer_state.json'), JSON.stringify({ step: -1 }));
    await expectError(loadTrainerState(dir), 'bad-file', `${path.join(dir, 'trainer_state.json')}: step`);
  });
});
