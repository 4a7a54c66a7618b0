import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
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
