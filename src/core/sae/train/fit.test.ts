import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOY, generateToy, meanMaxCosine } from '../../evals/toy';
import { loadSaeLens } from '../checkpoint/saelens';
import { evaluateOnSource } from '../evaluate';
import { originalSpaceAtoms } from '../run/evaluate';
import { parseTrainConfig } from './config';
import { fit } from './fit';
import { arraySource } from './source';
import { SaeTrainer } from './trainer';
import type { StepMetrics } from './trainerOptions';

/* Trainer behaviour on the default toy benchmark (evals/toy): resume, checkpoints, whitening, sweeps. */
const toy = generateToy({ ...DEFAULT_TOY, rows: 4096 });
const d = DEFAULT_TOY.d;
const source = () => arraySource(toy.activations, d, 3584, 5);
const config = (arch: string, archConfig: Record<string, unknown>, extra: Record<string, unknown> = {}) => parseTrainConfig({ arch, archConfig, width: 96, batchSize: 128, steps: 40, lr: 3e-3, logEvery: 1, seed: 3, ...extra });

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sae-fit-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const collect = () => {
  const seen: StepMetrics[] = [];
  return { seen, onMetrics: (m: StepMetrics) => seen.push(m) };
};

describe('fit', () => {
  for (const [arch, archConfig] of [['topk', { k: 4, deadTokens: 1280 }], ['panneal', { annealStartFraction: 0.2 }], ['atm', { maskWarmupFraction: 0.1 }]] as const) {
    it(`${arch}: cancel, then resume, continues the very same loss curve`, async () => {
      const cfg = config(arch, archConfig);
      const straight = collect();
      await fit([cfg], source(), { threads: 1, onMetrics: straight.onMetrics });
      const dir = path.join(tmp, `resume-${arch}`);
      const abort = new AbortController();
      const first = collect();
      const cancelled = fit([cfg], source(), { dirs: [dir], threads: 1, signal: abort.signal, onMetrics: (m) => (first.onMetrics(m), m.step === 23 && abort.abort()) });
      await expect(cancelled).rejects.toMatchObject({ code: 'cancelled' });
      const second = collect();
      const resumed = await fit([cfg], source(), { dirs: [dir], resume: true, threads: 1, onMetrics: second.onMetrics });
      expect(resumed.steps).toBe(40);
      // cancelled after the engine call that was running (topk: K steps a call), resumed right after it
      expect(second.seen[0].step).toBe(first.seen.at(-1)!.step + 1);
      expect(second.seen[0].step).toBeGreaterThanOrEqual(24);
      const joined = [...first.seen, ...second.seen];
      expect(joined.map((m) => m.step)).toEqual(straight.seen.map((m) => m.step));
      joined.forEach((m, i) => expect(Math.abs(m.loss - straight.seen[i].loss), `step ${m.step}`).toBeLessThanOrEqual(1e-5 * Math.abs(straight.seen[i].loss)));
    }, 60_000);
  }

  it('says in the log when a TopK run starts to need AuxK, once', async () => {
    const notes: string[] = [];
    // batches of 8 rows leave latents unfired; dead after 10 steps without firing (80 tokens):
    // four steps per call, so the call of steps 9–12 is the first that can reach step 11
    await fit([config('topk', { k: 4, deadTokens: 80 }, { steps: 20, batchSize: 8 })], source(), { threads: 1, stepsPerCall: 4, onNote: (line, run) => notes.push(`${run} ${line}`) });
    expect(notes).toEqual(['0 from step 9 a latent can be dead, so AuxK joins the step: steps take longer from here']);
  });

  it('writes a SAELens folder that reads back with identical tensors and metrics', async () => {
    for (const [arch, archConfig] of [['topk', { k: 4 }], ['batchtopk', { k: 4, thresholdStartFraction: 0.5, thresholdDecay: 0.8 }], ['gated', {}], ['jumprelu', { initThreshold: 0.1 }]] as const) {
      const dir = path.join(tmp, `saelens-${arch}`);
      const { saes } = await fit([config(arch, archConfig, { steps: 30 })], source(), { dirs: [dir], threads: 1 });
      const trained = saes[0];
      const loaded = await loadSaeLens(dir);
      expect(loaded.architecture).toBe(trained.architecture);
      for (const key of ['W_enc', 'W_dec', 'b_enc', 'b_dec', 'threshold'] as const) {
        expect(loaded[key] === undefined ? undefined : Array.from(loaded[key]!), `${arch} ${key}`).toEqual(trained[key] === undefined ? undefined : Array.from(trained[key]!));
      }
      expect(loaded.gate && Array.from(loaded.gate.r_mag)).toEqual(trained.gate && Array.from(trained.gate.r_mag));
      const cfgJson = JSON.parse(await fs.readFile(path.join(dir, 'cfg.json'), 'utf8'));
      expect(cfgJson.studio.training.arch).toBe(arch);
      const [a, b] = await Promise.all([evaluateOnSource(trained, source(), { batchSize: 256 }), evaluateOnSource(loaded, source(), { batchSize: 256 })]);
      expect(b).toEqual(a);
      expect(a.l0).toBeGreaterThan(0);
      if (arch !== 'jumprelu') {
        // Unit-norm decoder rows, kept by the step's ParamRule.
        for (let i = 0; i < trained.dSae; i++) expect(Math.hypot(...trained.W_dec.subarray(i * d, (i + 1) * d))).toBeCloseTo(1, 4);
      }
      // BatchTopK at inference thresholds at the learned θ: about k = 4 features per row.
      if (arch === 'batchtopk') {
        expect(a.l0).toBeGreaterThan(2);
        expect(a.l0).toBeLessThan(8);
      }
    }
  }, 60_000);

  it('trains on PCA-whitened inputs and reports metrics in the original space', async () => {
    // Anisotropic copy of the toy: dimension j scaled by 0.2 + j/8, so whitening has work to do.
    const scale = Float32Array.from({ length: d }, (_, j) => 0.2 + j / 8);
    const data = toy.activations.map((v, i) => v * scale[i % d]);
    const truth = toy.directions.map((v, i) => v * scale[i % d]);
    const src = arraySource(data, d, 3584, 5);
    const results = [];
    for (const whitening of [null, { kind: 'pca' as const }]) {
      const { saes } = await fit([config('topk', { k: 4 }, { steps: 300, whitening })], src, { threads: 1 });
      const sae = saes[0];
      const metrics = await evaluateOnSource(sae, src, { batchSize: 256 });
      const atoms = originalSpaceAtoms(sae);
      results.push({ whitened: !!sae.whitening, metrics, mmcs: meanMaxCosine(atoms, truth, d).mmcs });
    }
    expect(results.map((r) => r.whitened)).toEqual([false, true]);
    for (const r of results) {
      expect(r.metrics.fvu).toBeLessThan(0.5);
      // k = 4 of 96 latents keep their value unless fewer than 4 pre-activations are positive
      expect(r.metrics.l0).toBeLessThanOrEqual(4);
      expect(r.metrics.l0).toBeGreaterThan(3.5);
    }
    expect(results[1].mmcs).toBeGreaterThan(0.7);
    const dir = path.join(tmp, 'whitened');
    const { saes } = await fit([config('relu', {}, { steps: 10, whitening: { kind: 'zca' } })], src, { dirs: [dir], threads: 1 });
    const loaded = await loadSaeLens(dir);
    expect(loaded.whitening?.kind).toBe('zca');
    expect(Array.from(loaded.whitening!.W)).toEqual(Array.from(saes[0].whitening!.W));
  }, 60_000);

  it('K steps per engine call follow the same curve to the same weights as one step per call', async () => {
    // 15 steps at K = 4: three Loop calls, then three single steps on the handed-over weights.
    const cfgs = [config('relu', { l1Coefficient: 0.1 }, { steps: 15 }), config('topk', { k: 3 }, { steps: 15 }), config('batchtopk', { k: 3, thresholdStartFraction: 0.3 }, { steps: 15 }), config('panneal', {}, { steps: 15 })];
    const runs = await Promise.all([1, 4].map(async (stepsPerCall) => {
      const seen: StepMetrics[][] = cfgs.map(() => []);
      const { saes, dataCursor } = await fit(cfgs, source(), { threads: 1, stepsPerCall, onMetrics: (m, run) => seen[run].push(m) });
      return { seen, saes, dataCursor };
    }));
    const [one, four] = runs;
    expect(four.dataCursor).toBe(one.dataCursor);
    cfgs.forEach((_, i) => {
      expect(four.seen[i].map((m) => m.step)).toEqual(Array.from({ length: 15 }, (_, s) => s + 1));
      four.seen[i].forEach((m, s) => {
        expect(m.lr).toBe(one.seen[i][s].lr);
        expect(Math.abs(m.loss - one.seen[i][s].loss), `${cfgs[i].arch} step ${m.step}`).toBeLessThanOrEqual(1e-5 * Math.abs(one.seen[i][s].loss));
      });
      const [a, b] = [one.saes[i].W_dec, four.saes[i].W_dec];
      const diff = a.reduce((mx, v, j) => Math.max(mx, Math.abs(v - b[j])), 0);
      expect(diff, cfgs[i].arch).toBeLessThan(1e-4);
    });
    // Both runs left their starting weights: agreement is not two untouched copies.
    for (let i = 0; i < cfgs.length; i++) {
      const start = await SaeTrainer.create(cfgs[i], d, await source().sample(cfgs[i].sampleRows), { threads: 1 });
      const w0 = start.toSae().W_dec;
      await start.dispose();
      const moved = one.saes[i].W_dec.reduce((mx, v, j) => Math.max(mx, Math.abs(v - w0[j])), 0);
      expect(moved, `${cfgs[i].arch}: training moved the weights`).toBeGreaterThan(1e-3);
    }
  }, 60_000);

  it('a sweep feeds every batch to every config and matches the runs trained alone', async () => {
    const cfgs = [config('relu', { l1Coefficient: 0.1 }, { steps: 15 }), config('topk', { k: 3 }, { steps: 15 })];
    const together: StepMetrics[][] = [[], []];
    const sweep = await fit(cfgs, source(), { dirs: [0, 1].map((i) => path.join(tmp, 'sweep', String(i))), threads: 1, onMetrics: (m, run) => together[run].push(m) });
    expect(sweep.dataCursor).toBe(15 * 128);
    for (let i = 0; i < cfgs.length; i++) {
      const alone = collect();
      await fit([cfgs[i]], source(), { threads: 1, onMetrics: alone.onMetrics });
      expect(together[i].map((m) => m.loss)).toEqual(alone.seen.map((m) => m.loss));
      // each run's folder holds its own SAE: a cfg.json naming its architecture (ReLU-L1 saves as SAELens's "standard") and width
      const cfg = JSON.parse(await fs.readFile(path.join(tmp, 'sweep', String(i), 'cfg.json'), 'utf8'));
      expect([cfg.architecture, cfg.d_sae]).toEqual([['standard', 'topk'][i], cfgs[i].width]);
    }
    await expect(fit([cfgs[0], config('relu', {}, { steps: 16 })], source())).rejects.toMatchObject({ code: 'bad-input', where: 'configs[1]' });
  }, 60_000);
});
