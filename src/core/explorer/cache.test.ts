import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOthelloCsv, othelloBsps } from '../games/othello';
import { Rng } from '../io/rng';
import { loadSaeLens } from '../sae/checkpoint/saelens';
import { type ExplorerCacheKey, readExplorerCache, writeExplorerCache } from './cache';
import { FeatureExplorer } from './explorer';

// Real SAE: SAELens ReLU SAE on Othello-GPT blocks.1 resid_pre (d_in 128, d_sae 1024), from
// thijmennijdam/Othello-GPT-FeatInterp (MIT); see /work/shared/data/activations/SOURCES.md §1.
const SAE_DIR = '/work/shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01';
// Real games: WTHOR tournament transcripts; see /work/shared/data/othello/SOURCES.md.
const WTHOR = '/work/shared/data/othello/wthor_sample_5000.csv';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-explorer-cache-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const KEY: ExplorerCacheKey = { runId: 'r', datasetId: 'd', maxRows: 2048, checkpoint: 'cfg.json:10:1', dataset: '2026-01-01T00:00:00.000Z' };

describe('explorer cache', () => {
  it('gives back the codes exactly and the property scores to float32, for its own key only', async () => {
    const sae = await loadSaeLens(SAE_DIR);
    const text = readFileSync(WTHOR, 'utf8').split('\n').slice(0, 7).join('\n');
    const labels = othelloBsps(importOthelloCsv(text, 'wthor').games);
    const rows = labels.game.length;
    const rng = new Rng(4);
    const x = Float32Array.from({ length: rows * sae.dIn }, () => rng.normal());
    const steps: number[] = [];
    const built = await FeatureExplorer.build({ sae, x, rows, labels }, (done, total) => steps.push(done / total));
    // progress only moves forward and ends at the whole
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(steps.at(-1)).toBe(1);

    const file = path.join(tmp, 'explorer', 'd.2048.safetensors');
    const boardScores = built.boardScores();
    await writeExplorerCache(file, { key: KEY, rows, codes: built.codes, properties: built.properties, boardScores });
    const read = (await readExplorerCache(file, KEY))!;
    expect(read.rows).toBe(rows);
    expect(Array.from(read.codes.rowStart)).toEqual(Array.from(built.codes.rowStart));
    expect(Array.from(read.codes.index)).toEqual(Array.from(built.codes.index));
    expect(Array.from(read.codes.value)).toEqual(Array.from(built.codes.value));
    expect(read.boardScores).toEqual(boardScores);
    let compared = 0;
    built.properties.forEach((list, i) => {
      expect(read.properties[i]).toHaveLength(list.length);
      list.forEach((p, j) => {
        const q = read.properties[i][j];
        expect({ family: q.family, cell: q.cell, threshold: q.threshold }).toEqual({ family: p.family, cell: p.cell, threshold: p.threshold });
        for (const k of ['precision', 'recall', 'f1'] as const) expect(Math.abs(q[k] - p[k])).toBeLessThanOrEqual(6e-8 * Math.max(1, p[k]));
        compared++;
      });
    });
    expect(compared).toBeGreaterThan(1000);
    // an explorer made from the cache shows the same pages
    const again = FeatureExplorer.fromParts({ ...read, wDec: sae.W_dec, dIn: sae.dIn, labels });
    const f = built.stats.frequency.findIndex((v) => v > 0.05);
    expect(again.feature(f).examples).toEqual(built.feature(f).examples);

    // another key (a changed checkpoint, other rows) or a damaged file reads as no cache
    expect(await readExplorerCache(file, { ...KEY, checkpoint: 'cfg.json:10:2' })).toBeNull();
    expect(await readExplorerCache(file, { ...KEY, maxRows: 100 })).toBeNull();
    expect(await readExplorerCache(path.join(tmp, 'missing.safetensors'), KEY)).toBeNull();
    const bytes = await fs.readFile(file);
    await fs.writeFile(file, bytes.subarray(0, bytes.length - 5));
    expect(await readExplorerCache(file, KEY)).toBeNull();
  });
});
