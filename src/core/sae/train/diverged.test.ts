import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TOY, generateToy } from '../../evals/toy';
import { loadTrainerState } from '../checkpoint/trainerState';
import { parseTrainConfig } from './config';
import { TrainingDiverged } from './diverged';
import { fit } from './fit';
import { arraySource, type BatchSource } from './source';

/*
 * Issue 24: a finite 3e38 activation trained to NaN at every step and ended as `internal`.
 * Here the toy benchmark's batches arrive clean until batch `poisonAt`, which carries one row
 * of 3e38: training must stop there with a named error and leave the checkpoint saved before.
 */
const toy = generateToy({ ...DEFAULT_TOY, rows: 2048 });
const d = DEFAULT_TOY.d;

function poisoned(poisonAt: number): BatchSource {
  const clean = arraySource(toy.activations, d, 1792, 5);
  return {
    ...clean,
    async *batches(batchSize, startRow) {
      let i = startRow / batchSize;
      for await (const batch of clean.batches(batchSize, startRow)) {
        if (i++ === poisonAt) batch.fill(3e38, 0, d);
        yield batch;
      }
    },
  };
}

let tmp: string;
beforeAll(async () => void (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'sae-diverged-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('training that diverges', () => {
  it('stops at the first non-finite loss with a named error and keeps the last good checkpoint', async () => {
    const dir = path.join(tmp, 'run');
    const cfg = parseTrainConfig({ arch: 'relu', width: 64, batchSize: 64, steps: 40, lr: 3e-3, logEvery: 1, seed: 3, checkpointEvery: 8 });
    const seen: number[] = [];
    const err = await fit([cfg], poisoned(20), { dirs: [dir], threads: 1, stepsPerCall: 1, onMetrics: (m) => seen.push(m.step) }).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(TrainingDiverged);
    expect(err).toMatchObject({ code: 'runtime', step: 21, where: dir });
    expect((err as Error).message).toMatch(/diverged: the loss is (NaN|Infinity|-Infinity) at step 21/);
    // Nothing after step 21 ran, and the save at step 16 is the one on disk (not poisoned weights).
    expect(Math.max(...seen)).toBeLessThanOrEqual(20);
    const state = await loadTrainerState(dir);
    expect(state.json.step).toBe(16);
    for (const t of Object.values(state.tensors)) expect(t.data.every(Number.isFinite)).toBe(true);
  });
});
