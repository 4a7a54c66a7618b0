import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActivationStore } from '../../data/store';
import { extractOthelloActivations, loadOthelloModel, othelloHeldOutGames, TranscriptModel } from '../../games/lm';
import { propertyLabel } from '../../explorer/board';
import { randomSae } from '../checkpoint/testSae';
import { boardTasks, meanMaxCosine } from './benchmarkMetrics';
import { evaluateRunOnStore } from './evaluate';

// The shipped Othello model (resources/models/othello) at layer 1 on 40 held-out games: a dataset
// as the demo and the extraction job write it, so eval.json gets every benchmark metric.
let tmp: string;
let store: ActivationStore;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-bench-metrics-'));
  const model = await loadOthelloModel();
  await extractOthelloActivations({ model, games: othelloHeldOutGames(40, 5), layer: 1, datasetDir: path.join(tmp, 'acts'), trainFraction: 0.7, threads: 1 });
  store = await ActivationStore.open(path.join(tmp, 'acts'));
}, 60_000);
afterAll(async () => {
  await store?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('benchmark metrics in eval.json', () => {
  it('adds spliced CE/KL, sparse probing per task (SAE and raw) and absorption for an Othello-model dataset', async () => {
    const sae = randomSae('standard', 128, 256, 4);
    const ev = await evaluateRunOnStore(sae, store, 'acts');
    expect(ev.spliced!.positions).toBeGreaterThan(32 * 40);
    expect(ev.ceLossRecovered).toBeLessThan(1);
    expect(ev.klDiv).toBeGreaterThan(0);
    const tasks = Object.keys(ev.sparseProbing!);
    expect(tasks.length).toBe(8);
    expect(Object.keys(ev.sparseProbingRaw!)).toEqual(tasks);
    for (const t of tasks) {
      expect(Object.keys(ev.sparseProbing![t])).toEqual(['k1', 'k2', 'k5', 'k10']);
      for (const v of [...Object.values(ev.sparseProbing![t]), ...Object.values(ev.sparseProbingRaw![t])]) expect(v >= 0.3 && v <= 1, `${t}: ${v}`).toBe(true);
    }
    // the raw residual holds the board (the model's probe is 87%): ten of its dimensions beat chance
    expect(ev.sparseProbingRawMean!.k10).toBeGreaterThan(0.6);
    expect(ev.maxDecoderCosine).toBeCloseTo(meanMaxCosine(sae.W_dec, 256, 128, false), 12);
    if (ev.absorption) expect(ev.absorption.tasks).toBeGreaterThan(0);
  }, 120_000);

  it('splices only into the model the rows came from: a random-weights copy of the same shape is not the shipped model', async () => {
    const shipped = await loadOthelloModel();
    const other = TranscriptModel.init(shipped.config);
    expect(other.weightsDigest()).not.toBe(shipped.weightsDigest());
    const dir = path.join(tmp, 'control');
    await extractOthelloActivations({ model: other, games: othelloHeldOutGames(6, 9), layer: 1, datasetDir: dir, trainFraction: 0.5, threads: 1 });
    const control = await ActivationStore.open(dir);
    try {
      expect(control.meta.source.modelDigest).toBe(other.weightsDigest());
      const ev = await evaluateRunOnStore(randomSae('standard', 128, 256, 4), control, 'control');
      expect(ev.ceLossRecovered).toBeNull();
      expect(ev.spliced).toBeNull();
      expect(ev.sparseProbing).not.toBeNull();
    } finally {
      await control.close();
    }
  }, 60_000);

  it('picks the headline family\'s cells nearest half positive, named as the explorer names them', () => {
    const fam = { name: 'mine_yours_blank_mask', rows: 1, cols: 2, classes: 3, data: Uint8Array.from([1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]) };
    // 4 rows × 6 cells: cell 5 on 2 of 4, cells 0 (3 of 4) and 1 (1 of 4) tie and the lower index wins, cells 2–4 never
    const tasks = boardTasks([fam], Uint32Array.of(0, 1, 2, 3), 2);
    expect(tasks.map((t) => Array.from(t.labels))).toEqual([[1, 0, 1, 0], [1, 1, 0, 1]]);
    expect(tasks.map((t) => t.name)).toEqual([propertyLabel(fam, 5), propertyLabel(fam, 0)]);
    expect(meanMaxCosine(Float32Array.of(1, 0, 1, 1, 0, 1), 3, 2, false)).toBeCloseTo((Math.SQRT1_2 * 3) / 3, 12);
  });
});
