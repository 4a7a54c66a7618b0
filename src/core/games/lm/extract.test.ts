import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { ActivationStore } from '../../data/store';
import { Program, input } from '../../engine';
import { gamesToTokens, generateGames, othelloBsps } from '../othello';
import { extractOthelloActivations, readOthelloLabels } from './extract';
import { TranscriptModel } from './model';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-extract-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const model = TranscriptModel.init({ game: 'othello', seed: 4, gpt: { vocab: 61, context: 59, d: 16, heads: 2, layers: 2 } });


describe('Othello activation extraction', () => {
  it('writes resid_post rows equal to a direct forward pass, with labels aligned to othelloBsps', async () => {
    const games = generateGames(7, 21);
    const plies = [0, 5, 30, 58];
    const dir = path.join(tmp, 'acts');
    const meta = await extractOthelloActivations({ model, games, layer: 1, datasetDir: dir, plies, batch: 3, threads: 1 });
    let expected = 0;
    for (let g = 0; g < games.count; g++) expected += plies.filter((p) => p < games.lengths[g]).length;
    expect(meta.rows).toBe(expected);
    expect(meta.labels.map((l) => l.name)).toContain('mine_yours');

    // Direct pass: one game at a time through the engine's Gpt.forward, block 1's output at each ply.
    const rows = await ActivationStore.readAll(dir);
    const labels = await readOthelloLabels(dir);
    const all = othelloBsps(games);
    const tokens = gamesToTokens(games);
    const { gpt } = model.build();
    const out = gpt.forward(input('ids', [1, 59], 'int64'));
    const direct = await Program.compile({ updates: [], outputs: { resid1: out.residuals[2], logits: out.logits } }, { ...model.weights }, { threads: 1 });
    const D = 16;
    for (let r = 0; r < meta.rows; r++) {
      const [g, p] = [labels.game[r], labels.ply[r]];
      expect(plies).toContain(p);
      const ids = BigInt64Array.from(tokens.subarray(g * 60, g * 60 + 59), BigInt);
      const resid = (await direct.run({ ids })).resid1 as Float32Array;
      for (let j = 0; j < D; j++) expect(rows[r * D + j]).toBeCloseTo(resid[p * D + j], 4);
      const at = all.game.findIndex((gg, i) => gg === g && all.ply[i] === p);
      for (const fam of labels.families) {
        const ref = all.families.find((f) => f.name === fam.name)!;
        const cells = fam.rows * fam.cols * fam.classes;
        expect(Array.from(fam.data.subarray(r * cells, (r + 1) * cells))).toEqual(Array.from(ref.data.subarray(at * cells, (at + 1) * cells)));
      }
    }
    await direct.dispose();
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8')) as DatasetMeta;
    expect(onDisk.labels).toEqual(meta.labels);
    for (const l of onDisk.labels) await expect(fs.stat(path.join(dir, l.file))).resolves.toBeTruthy();
  });

  it('refuses a layer the model does not have and an existing folder, leaving it untouched', async () => {
    const games = generateGames(2, 1);
    await expect(extractOthelloActivations({ model, games, layer: 2, datasetDir: path.join(tmp, 'x'), threads: 1 })).rejects.toThrow(/layer 2/);
    const existing = path.join(tmp, 'keep');
    await fs.mkdir(existing);
    await fs.writeFile(path.join(existing, 'note.txt'), 'mine');
    await expect(extractOthelloActivations({ model, games, layer: 0, datasetDir: existing, threads: 1 })).rejects.toThrow(/already exists/);
    expect(await fs.readFile(path.join(existing, 'note.txt'), 'utf8')).toBe('mine');
  });
});
