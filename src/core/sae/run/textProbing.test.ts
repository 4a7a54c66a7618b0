import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ActivationStore } from '../../data/store';
import { Rng } from '../../io/rng';
import { TranscriptModel } from '../../games/lm/model';
import { loadModelDir, MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, TEXT_MODEL_DIR } from '../../games/lm/shipped';
import { extractTextActivations } from '../../text/lm/extract';
import { TEXT_PROBE_PLANS, type WordEnd } from '../../text/lm/probeTasks';
import { readTextSample } from '../../text/lm/sample';
import type { Sae } from '../checkpoint/sae';
import { randomSae } from '../checkpoint/testSae';
import { benchmarkMetrics, textModelOf } from './benchmarkMetrics';
import { letterTasks, meanOverGroups, textProbing, type TextProbes } from './textProbing';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

describe('first-letter absorption', () => {
  it('scores the share of t-words whose "t" latent is silent while a word latent takes the direction: 20 of 100', async () => {
    // x = (starts with t, "the", "to", "that", "this", "they", noise, noise). Latent 0 is the
    // letter's latent, silent on the five word types; latents 1–5 fire on one word type each (4% of
    // the t-words apiece, so none adds > 0.03 F1 to the split); 6 and 7 read the noise. Every
    // other word starts with one of 24 other letters, too few of each to be a task.
    const [d, m] = [8, 8];
    const rng = new Rng(3);
    const words: WordEnd[] = [];
    const x: number[] = [];
    for (let i = 0; i < 400; i++) {
      const t = i % 2 === 0;
      const wordType = t && (i / 2) % 5 === 0 ? 1 + ((i / 10) % 5) : 0;
      words.push({ row: i, doc: i, letter: t ? 19 : 'abcdefghijklmnopqrsuvwxy'.charCodeAt(i % 24) - 0x61 });
      x.push(t ? 1 : 0, ...[1, 2, 3, 4, 5].map((j) => (j === wordType ? 1 : 0)), rng.normal(), rng.normal());
    }
    const isTest = Uint8Array.from(words, (_, i) => (i >= 200 ? 1 : 0));
    const sae: Sae = { architecture: 'standard', dIn: d, dSae: m, W_enc: new Float32Array(d * m), W_dec: new Float32Array(m * d), b_enc: new Float32Array(m), b_dec: new Float32Array(d), applyBDecToInput: false, cfg: {} };
    const enc = (input: number, latent: number, w: number) => (sae.W_enc[input * m + latent] = w);
    enc(0, 0, 1);
    for (let j = 1; j <= 5; j++) {
      enc(j, 0, -2);
      enc(j, j, 1);
    }
    enc(6, 6, 1);
    enc(7, 7, 1);
    for (let j = 0; j <= 5; j++) sae.W_dec[j * d] = 1; // the letter's and the words' latents write "starts with t"
    sae.W_dec[6 * d + 6] = 1;
    sae.W_dec[7 * d + 7] = 1;
    const wordRaw = { data: Float32Array.from(x), width: d };
    const letters = letterTasks(words, isTest, wordRaw);
    expect(letters.map((l) => l.letter)).toEqual([19]);
    expect(letters[0].truth?.f1).toBe(1);
    const probes: TextProbes = { set: { texts: [], isTest, tasks: [], maxBytes: 0 }, docRaw: { data: new Float32Array(0), width: d }, docCodes: new Map([[sae, { data: new Float32Array(0), width: m }]]), wordRaw, words, letters };
    const r = await textProbing(sae, probes, sae.W_dec, { threads: 1 });
    const t = r.absorption!.perTask['first letter t'];
    expect(t.positives).toBe(100);
    expect(t.fraction).toBeCloseTo(0.2, 12);
    expect(t.full).toBeCloseTo(0.2, 12);
    expect(r.absorption!.tasks).toBe(1);
  });
});

describe('sparse probing means', () => {
  it('averages the tasks of each group, then the groups (SAEBench: classes, then data sets)', () => {
    const mean = meanOverGroups({ 'sentiment: 5 vs 1 stars': { k1: 0.9 }, 'author: A': { k1: 0.5 }, 'author: B': { k1: 0.7 }, 'score: 1 star': { k1: 0.6 } });
    expect(mean.k1).toBeCloseTo((0.9 + 0.6 + 0.6) / 3, 12);
  });
});

describe('text datasets in the benchmark metrics', () => {
  it('probes review, author and first-letter tasks through the shipped text model at the dataset\'s layer', async () => {
    // the shipped model (resources/models/text/) on 6 documents of the shipped held-out sample (resources/text/)
    const { model } = await loadModelDir(TEXT_MODEL_DIR);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-text-probe-'));
    dirs.push(dir);
    const texts = (await readTextSample()).slice(0, 6).map((r) => r.text);
    await extractTextActivations({ model, texts, layer: 1, pooling: 'token', maxBytes: 64, datasetDir: path.join(dir, 'acts'), id: 'acts', name: 'acts', threads: 2 });
    const store = await ActivationStore.open(path.join(dir, 'acts'));
    try {
      const b = await benchmarkMetrics(randomSae('standard', 128, 64, 1), store, { threads: 2, textPlan: TEXT_PROBE_PLANS.tiny, splicedGames: 4 });
      const plan = TEXT_PROBE_PLANS.tiny;
      expect(Object.keys(b.sparseProbing!)).toHaveLength(1 + 5 + plan.authors);
      expect(Object.keys(b.sparseProbing!)[0]).toBe('sentiment: 5 vs 1 stars');
      for (const acc of [...Object.values(b.sparseProbing!), ...Object.values(b.sparseProbingRaw!)]) {
        expect(Object.keys(acc)).toEqual(['k1', 'k2', 'k5', 'k10']);
        for (const v of Object.values(acc)) expect(v >= 0 && v <= 1).toBe(true);
      }
      expect(b.sparseProbingMean!.k1).toBeGreaterThan(0);
      // the letters whose ground-truth probe passes F1 > 0.6 in 64 review and newswire texts of 127 bytes
      expect(b.absorption?.tasks ?? 0).toBeGreaterThan(0);
      for (const name of Object.keys(b.absorption!.perTask)) expect(name).toMatch(/^first letter [a-z]$/);
      // and spliced into the model: 4 held-out documents' first 128 bytes, each byte but the last predicting the next
      expect(b.spliced!.positions).toBe(4 * 127);
      expect(b.spliced!.ceZero).toBeGreaterThan(b.spliced!.ceClean);
      expect(Number.isFinite(b.spliced!.ceLossRecovered)).toBe(true);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('finds a project\'s own text model beside the dataset, and none when the named one is missing (the shipped one has other weights)', async () => {
    // the project's model: the shipped shape with fresh weights (another digest), in models/mine
    const shipped = (await loadModelDir(TEXT_MODEL_DIR)).model;
    const model = TranscriptModel.init({ ...shipped.config, seed: 7 });
    const project = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-text-own-'));
    dirs.push(project);
    await fs.mkdir(path.join(project, 'models', 'mine'), { recursive: true });
    await fs.copyFile(path.join(TEXT_MODEL_DIR, MODEL_CONFIG_FILE), path.join(project, 'models', 'mine', MODEL_CONFIG_FILE));
    await model.save(path.join(project, 'models', 'mine', MODEL_WEIGHTS_FILE));
    const texts = (await readTextSample()).slice(0, 2).map((r) => r.text);
    const extract = (id: string, modelId: string) =>
      extractTextActivations({ model, texts, layer: 2, pooling: 'token', maxBytes: 16, datasetDir: path.join(project, 'datasets', id), id, name: id, source: { model: modelId }, threads: 1 });
    await extract('own', 'mine');
    await extract('lost', 'gone');
    for (const [id, found] of [['own', true], ['lost', false]] as const) {
      const store = await ActivationStore.open(path.join(project, 'datasets', id));
      try {
        const m = await textModelOf(store, 128);
        expect(m !== null).toBe(found);
        if (m) expect([m.model.weightsDigest(), m.layer]).toEqual([model.weightsDigest(), 2]);
      } finally {
        await store.close();
      }
    }
  }, 30_000);
});
