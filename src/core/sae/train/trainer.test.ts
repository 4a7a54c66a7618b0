import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIP_SCALE } from '../../engine';
import { whitenBatch } from '../../data/whiten';
import { Rng } from '../../io/rng';
import { forward } from '../checkpoint/forward';
import type { Sae } from '../checkpoint/sae';
import { loadTrainerState, saveTrainerState } from '../checkpoint/trainerState';
import { parseTrainConfig } from './config';
import { SaeTrainer } from './trainer';

describe('SaeTrainer with a lean step (TopK without AuxK while no latent can be dead)', () => {
  it('trains lean until a latent can die, then with AuxK, four steps per call, and reports AuxK only once latents are dead', async () => {
    const [d, m, B] = [8, 64, 32];
    const rng = new Rng(5);
    const batches = Array.from({ length: 12 }, () => Float32Array.from({ length: B * d }, () => rng.normal()));
    // a latent is dead after 5 steps without firing; with k = 2 of 64, many are
    const config = parseTrainConfig({ arch: 'topk', width: m, batchSize: B, steps: 12, lrWarmupFraction: 0, archConfig: { k: 2, kAux: 4, deadTokens: 5 * B } });
    const trainer = await SaeTrainer.create(config, d, batches[0], { stepsPerCall: 4 });
    try {
      const metrics = [];
      const lean = [trainer.leanStep];
      for (let i = 0; i < batches.length; i += 4) {
        metrics.push(...(await trainer.trainSteps(batches.slice(i, i + 4))));
        lean.push(trainer.leanStep);
      }
      // steps 1–4 cannot reach the 5-step window; steps 5–8 can
      expect(lean.slice(0, 3)).toEqual([true, true, false]);
      expect(metrics.map((s) => s.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      // no latent can be dead in steps 1–5 (the window is 5 steps): AuxK is 0 there
      expect(metrics.slice(0, 5).map((s) => s.auxK)).toEqual([0, 0, 0, 0, 0]);
      // a step's AuxK reads the latents dead before it, which the step before reported
      expect(metrics.some((s) => s.deadFraction > 0)).toBe(true);
      for (let i = 1; i < metrics.length; i++) expect(metrics[i].auxK > 0, `step ${i + 1}`).toBe(metrics[i - 1].deadFraction > 0);
      expect(metrics.every((s) => Number.isFinite(s.loss))).toBe(true);
    } finally {
      await trainer.dispose();
    }
  });
});

describe('SaeTrainer on whitened rows', () => {
  // Anisotropic, correlated rows (scales 0.1 to 5): whitened and original squared errors differ by orders of magnitude.
  const [d, m, B] = [6, 24, 64];
  const rng = new Rng(9);
  const rows = (n: number) => Float32Array.from({ length: n * d }, (_, i) => rng.normal() * (0.1 + (i % d)) + (i % d === 1 ? rng.normal() : 0) + 3);
  const sample = rows(512);
  const batch = rows(B);
  /** Σ‖x − x̂‖²/B and Σ‖x − x̂‖²/Σ‖x − x̄‖² in the original space, from the SAE held before the step. */
  const originalSpace = (sae: Sae) => {
    const { xHat } = forward(sae, batch);
    let [sq, tot] = [0, 0];
    for (let j = 0; j < d; j++) {
      let mean = 0;
      for (let r = 0; r < B; r++) mean += batch[r * d + j] / B;
      for (let r = 0; r < B; r++) {
        sq += (batch[r * d + j] - xHat[r * d + j]) ** 2;
        tot += (batch[r * d + j] - mean) ** 2;
      }
    }
    return { mse: sq / B, fvu: sq / tot };
  };

  for (const [arch, archConfig] of [['topk', { k: 3 }], ['panneal', {}], ['relu', {}]] as const) {
    it(`${arch}: the step's loss and live mse/fvu are measured in the original space by default`, async () => {
      const config = parseTrainConfig({ arch, archConfig, width: m, batchSize: B, steps: 4, lrWarmupFraction: 0, whitening: { kind: 'pca' } });
      const trainer = await SaeTrainer.create(config, d, sample, { stepsPerCall: 1 });
      try {
        const want = originalSpace(trainer.toSae());
        const got = await trainer.trainStep(batch);
        expect(got.mse).toBeCloseTo(want.mse, 3);
        expect(got.fvu).toBeCloseTo(want.fvu, 4);
        // TopK without dead latents has no other term: the loss minimised is the original-space one
        if (arch === 'topk') expect(got.loss).toBeCloseTo(want.mse, 3);
      } finally {
        await trainer.dispose();
      }
    });
  }

  it('lossSpace "whitened" keeps the loss in the space the SAE reads', async () => {
    const config = parseTrainConfig({ arch: 'topk', archConfig: { k: 3 }, width: m, batchSize: B, steps: 4, lrWarmupFraction: 0, whitening: { kind: 'pca', lossSpace: 'whitened' } });
    const trainer = await SaeTrainer.create(config, d, sample, { stepsPerCall: 1 });
    try {
      const sae = trainer.toSae();
      const xw = whitenBatch(sae.whitening!, batch);
      const { xHat } = forward({ ...sae, whitening: undefined }, xw);
      const want = xw.reduce((s, v, i) => s + (v - xHat[i]) ** 2, 0) / B;
      expect((await trainer.trainStep(batch)).mse).toBeCloseTo(want, 3);
      expect(want).not.toBeCloseTo(originalSpace(sae).mse, 1);
    } finally {
      await trainer.dispose();
    }
  });
});

describe('SaeTrainer resume state', () => {
  it('continues a state saved before Adam held its clipping scale, reading its moments as undivided', async () => {
    const [d, m, B] = [8, 32, 16];
    const rng = new Rng(3);
    const batches = Array.from({ length: 4 }, () => Float32Array.from({ length: B * d }, () => rng.normal()));
    const config = parseTrainConfig({ arch: 'topk', width: m, batchSize: B, steps: 8, lrWarmupFraction: 0, archConfig: { k: 4, auxKCoefficient: 0 } });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fs-resume-'));
    const first = await SaeTrainer.create(config, d, batches[0], { stepsPerCall: 1 });
    const second = await SaeTrainer.create(config, d, batches[0], { stepsPerCall: 1 });
    try {
      for (const b of batches.slice(0, 2)) await first.trainSteps([b]);
      await first.save(dir, 2 * B);
      // The state as an older trainer wrote it: moments undivided by the scale, no clipScale.
      const { json, tensors } = await loadTrainerState(dir);
      const s = first.held(CLIP_SCALE)[0];
      expect(s).toBeGreaterThan(0);
      expect(s).toBeLessThan(1); // the toy's gradients clip, so the old and new moments differ
      const old = Object.fromEntries(Object.entries(tensors).filter(([n]) => n !== CLIP_SCALE).map(([n, t]) => [n, n.endsWith('.mSum') ? { ...t, data: t.data.map((x) => x * s) } : n.endsWith('.vSum') ? { ...t, data: t.data.map((x) => x * s * s) } : t]));
      await saveTrainerState(dir, { json, tensors: old });
      expect(await second.restore(dir)).toBe(2 * B);
      expect(second.held(CLIP_SCALE)[0]).toBe(1);
      for (const b of batches.slice(2)) {
        await first.trainSteps([b]);
        await second.trainSteps([b]);
      }
      const [a, c] = [first.held('W_dec'), second.held('W_dec')];
      expect(Math.max(...a.map((x, i) => Math.abs(x - c[i])))).toBeLessThan(1e-5);
    } finally {
      await first.dispose();
      await second.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
