import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { parseTrainConfig } from './config';
import { SaeTrainer } from './trainer';

/*
 * The trainer's dense ↔ sparse switch (issue 25) end to end, with the per-row cap and with the
 * per-batch budget: a ReLU-L1 SAE whose code is sparse
 * from a warm start (b_enc pushed down: a few of 512 latents per row) trains on its sparse step
 * after the first call, says so, and ends where a trainer held on the dense step ends, within
 * float32 summation order; a batch with a row denser than the cap is redone densely, also with
 * the same result.
 */
const [d, m, B] = [8, 512, 32];

function batches(count: number, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Float32Array.from({ length: B * d }, () => rng.normal()));
}

async function trainer(sparseSteps: boolean, sparseBudget = false) {
  const config = parseTrainConfig({ arch: 'relu', width: m, batchSize: B, steps: 100, lr: 1e-3, lrWarmupFraction: 0, seed: 3, archConfig: { l1WarmupFraction: 0 } });
  const t = await SaeTrainer.create(config, d, batches(1, 1)[0], { threads: 1, stepsPerCall: 2, sparseSteps, sparseWidthPerCap: 4, sparseBudget, sparseWidthPerEntry: 1 });
  const W_enc = t.held('W_enc').map((v) => 6 * v);
  t.load({ W_enc, b_enc: new Float32Array(m).fill(-1.6) });
  return t;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let most = 0;
  for (let i = 0; i < a.length; i++) most = Math.max(most, Math.abs(a[i] - b[i]) / (1e-4 + Math.abs(b[i])));
  return most;
}

const expectedNotes = {
  cap: [/^from step 3 the code is sparse .* \(cap \d+\)/, /^step 5: a row held \d+ candidate latents, at or over the sparse step's cap of \d+, so the call was redone with the dense step$/],
  budget: [/^from step 3 the code is sparse \(\d+ candidate \(row, latent\) entries .* \(budget \d+\)/, /^step 5: the batch held \d+ candidate \(row, latent\) entries, over the sparse step's budget of \d+, so the call was redone with the dense step$/],
};

describe('SaeTrainer switching between the dense and the sparse step', () => {
  it.each(['cap', 'budget'] as const)('runs the sparse step (%s form) once the code is sparse, redoes an overflowing call densely, and trains to the dense result', async (kind) => {
    const [sparse, dense] = await Promise.all([trainer(true, kind === 'budget'), trainer(false)]);
    try {
      const data = batches(6, 2);
      // row 0 of the last call fires on most latents: the cap (16 or 32) cannot hold it
      data[5] = data[5].slice();
      for (let j = 0; j < d; j++) data[5][j] = 40 * Math.sign(sparse.held('W_enc')[j * m]) || 40;
      const forms: (string | undefined)[] = [];
      for (let i = 0; i < data.length; i += 2) {
        const [a, b] = [await sparse.trainSteps(data.slice(i, i + 2)), await dense.trainSteps(data.slice(i, i + 2))];
        forms.push(sparse.sparseForm?.kind);
        for (const [s, t] of a.map((x, j) => [x, b[j]])) {
          expect(Math.abs(s.loss - t.loss)).toBeLessThan(1e-4 * Math.abs(t.loss) + 1e-6);
          expect(s.l0).toBe(t.l0);
        }
      }
      expect(forms).toEqual([undefined, kind, undefined]);
      const notes = sparse.takeNotes();
      expect(notes[0]).toMatch(expectedNotes[kind][0]);
      expect(notes[1]).toMatch(expectedNotes[kind][1]);
      for (const name of ['W_enc', 'W_dec', 'b_enc', 'b_dec', 'W_dec.vSum']) expect(maxDiff(sparse.held(name), dense.held(name)), name).toBeLessThan(1e-3);
    } finally {
      await Promise.all([sparse.dispose(), dense.dispose()]);
    }
  });
});
