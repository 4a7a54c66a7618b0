import { describe, expect, it } from 'vitest';
import { Program } from '../../engine';
import { Rng } from '../../io/rng';
import { relu, ReluConfig } from './relu';

/* Dead-latent resampling (Towards Monosemanticity; ALGORITHMS-DETAIL.md §2.2) on a tiny ReLU SAE. */
describe('ReLU + L1 resampling', () => {
  it('gives dead latents a batch input as decoder direction, a scaled encoder row, b_enc 0 and fresh Adam moments', async () => {
    const [B, d, m] = [8, 4, 12];
    const rng = new Rng(3);
    const ctx = { B, d, m, steps: 10, bDec: Float32Array.of(0.1, -0.2, 0.3, 0), rng };
    const step = relu.build(ReluConfig.parse({ resampleEvery: 2 }), ctx);
    const dead = [0, 1, 2];
    for (const i of dead) step.initial.b_enc[i] = -100;
    const program = await Program.compile(step.spec, step.initial, { threads: 1 });
    const x = Float32Array.from({ length: B * d }, () => rng.normal());
    let aliveEncoderNorm = 0;
    for (let t = 1; t <= 2; t++) {
      const out = (await program.run({ x, lr: Float32Array.of(1e-3), step: Float32Array.of(t), ...step.feeds(t) })) as Record<string, Float32Array>;
      const value = (n: string) => program.value(n) as Float32Array;
      if (t === 1) for (const i of dead) expect(value('steps_since_fired')[i]).toBe(1);
      if (t === 2) {
        // mean encoder norm of the latents that stay alive, read before resampling changes anything
        const since = value('steps_since_fired');
        const alive = Array.from({ length: m }, (_, i) => i).filter((i) => since[i] <= 1);
        expect(alive.length).toBeGreaterThan(0);
        const W = value('W_enc');
        aliveEncoderNorm = alive.reduce((sum, i) => sum + Math.hypot(...Array.from({ length: d }, (_, j) => W[j * m + i])), 0) / alive.length;
      }
      step.afterStep!({ step: t, out, value, set: (n, v) => program.set(n, v), batch: x });
    }
    const v = (n: string) => program.value(n) as Float32Array;
    const bDec = v('b_dec');
    const centred = Array.from({ length: B }, (_, r) => Array.from({ length: d }, (_, j) => x[r * d + j] - bDec[j]));
    for (const i of dead) {
      const row = Array.from(v('W_dec').subarray(i * d, (i + 1) * d));
      expect(Math.hypot(...row)).toBeCloseTo(1, 5);
      // Parallel to one of the batch's centred inputs.
      const best = Math.max(...centred.map((c) => row.reduce((s, w, j) => s + w * c[j], 0) / Math.hypot(...c)));
      expect(best).toBeCloseTo(1, 5);
      // The encoder column is the same direction at 0.2 × the mean alive encoder norm.
      for (let j = 0; j < d; j++) expect(v('W_enc')[j * m + i]).toBeCloseTo(row[j] * 0.2 * aliveEncoderNorm, 5);
      expect(v('b_enc')[i]).toBe(0);
      expect(v('steps_since_fired')[i]).toBe(0);
      for (let j = 0; j < d; j++) {
        expect(v('W_enc.mSum')[j * m + i]).toBe(0);
        expect(v('W_dec.vSum')[i * d + j]).toBe(0);
      }
    }
    // Live latents keep their moments.
    expect(Array.from({ length: m - 3 }, (_, n) => v('W_dec.vSum')[(n + 3) * d]).some((x0) => x0 !== 0)).toBe(true);
    await program.dispose();
  });
});
