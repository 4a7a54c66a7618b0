import { readFileSync } from 'node:fs';
import path from 'node:path';
import { aggregateFamilies, evaluateBoardFeatures, splitPositionsByGame } from '../evals/board';
import { describe, expect, it } from 'vitest';
import { importOthelloCsv, othelloBsps } from '../games/othello';
import type { SparseActivations } from '../evals/board';
import { encode } from '../sae/checkpoint/forward';
import { loadSaeLens } from '../sae/checkpoint/saelens';
import { Rng } from '../io/rng';
import { encodeSparse } from './codes';
import { FeatureExplorer } from './explorer';
import { nearestByDecoder } from './nearest';
import { bestProperties } from './properties';
import { featureStats } from './stats';

// Real SAE: SAELens ReLU SAE on Othello-GPT blocks.1 resid_pre (d_in 128, d_sae 1024), from
// thijmennijdam/Othello-GPT-FeatInterp (MIT); see /work/shared/data/activations/SOURCES.md §1.
const SAE_DIR = '/work/shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01';
// Real games: WTHOR tournament transcripts; see /work/shared/data/othello/SOURCES.md.
const WTHOR = '/work/shared/data/othello/wthor_sample_5000.csv';

function realBoards(games: number) {
  const text = readFileSync(WTHOR, 'utf8').split('\n').slice(0, games + 1).join('\n');
  return othelloBsps(importOthelloCsv(text, path.basename(WTHOR)).games);
}

function gaussianRows(rows: number, d: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * d }, () => rng.normal());
}

describe('feature explorer', () => {
  it('keeps the positive codes of the dense forward pass (compiled, against forward.ts)', async () => {
    const sae = await loadSaeLens(SAE_DIR);
    const rows = 300;
    const x = gaussianRows(rows, sae.dIn, 1);
    const sparse = await encodeSparse(sae, x, rows);
    const reference = encode(sae, x);
    const got = new Float32Array(rows * sae.dSae);
    for (let r = 0; r < rows; r++) for (let e = sparse.rowStart[r]; e < sparse.rowStart[r + 1]; e++) got[r * sae.dSae + sparse.index[e]] = sparse.value[e];
    // float32 sums of 128 products against float64 ones: a code within 1e-4 of 0 may be kept on one side only.
    let flips = 0;
    for (let i = 0; i < got.length; i++) {
      expect(Math.abs(got[i] - reference[i]), `code ${i}`).toBeLessThanOrEqual(1e-4 + 1e-4 * Math.abs(reference[i]));
      if (got[i] > 0 !== reference[i] > 0) flips++;
    }
    expect(flips).toBeLessThanOrEqual(3);
    expect(sparse.index.length).toBe(got.filter((v) => v > 0).length);
    expect(sparse.index.length).toBeGreaterThan(rows);
    const stats = featureStats(sparse);
    const f = sparse.index[0];
    let fires = 0;
    let max = 0;
    for (let r = 0; r < rows; r++) {
      const v = got[r * sae.dSae + f];
      if (v > 0) fires++;
      max = Math.max(max, v);
    }
    expect(stats.frequency[f]).toBeCloseTo(fires / rows, 12);
    expect(stats.maxActivation[f]).toBeCloseTo(max, 6);
  });

  it('ranks neighbours by decoder cosine as normalised dot products do, and finds a planted twin', async () => {
    const sae = await loadSaeLens(SAE_DIR);
    const { dSae: m, dIn: d } = sae;
    const wDec = sae.W_dec.slice();
    // feature 900 becomes a scaled copy of feature 17: cosine exactly 1
    for (let j = 0; j < d; j++) wDec[900 * d + j] = 3 * wDec[17 * d + j];
    const near = nearestByDecoder(wDec, m, d, 17, 5);
    expect(near[0].feature).toBe(900);
    expect(near[0].cosine).toBeCloseTo(1, 6);
    const unit = (i: number) => {
      const row = Array.from(wDec.subarray(i * d, (i + 1) * d));
      const n = Math.hypot(...row);
      return row.map((v) => v / n);
    };
    const u17 = unit(17);
    const reference = Array.from({ length: m }, (_, i) => i).filter((i) => i !== 17)
      .map((i) => ({ feature: i, cosine: unit(i).reduce((s, v, j) => s + v * u17[j], 0) }))
      .sort((a, b) => b.cosine - a.cosine)
      .slice(0, 5);
    expect(near.map((n) => n.feature)).toEqual(reference.map((r) => r.feature));
    near.forEach((n, i) => expect(n.cosine).toBeCloseTo(reference[i].cosine, 6));
  });

  it('scores a feature planted on a board property with the precision and recall it has', () => {
    const bsps = realBoards(40);
    const rows = bsps.game.length;
    const bw = bsps.families.find((f) => f.name === 'black_white')!;
    // black stone on d3 (square 19): class 2 of black_white
    const cell = 19 * 3 + 2;
    const truth = Array.from({ length: rows }, (_, r) => bw.data[r * 192 + cell] === 1);
    const positives = truth.filter(Boolean).length;
    // feature 0 fires exactly there; feature 1 there and on 50 other rows (precision known)
    const extra = new Set(truth.map((t, r) => (t ? -1 : r)).filter((r) => r >= 0).slice(0, 50));
    const rowStart = new Uint32Array(rows + 1);
    const index: number[] = [];
    const value: number[] = [];
    for (let r = 0; r < rows; r++) {
      if (truth[r]) {
        index.push(0);
        value.push(2);
      }
      if (truth[r] || extra.has(r)) {
        index.push(1);
        value.push(1);
      }
      rowStart[r + 1] = index.length;
    }
    const acts: SparseActivations = { rowStart, index: Uint32Array.from(index), value: Float32Array.from(value), features: 3 };
    const all = Uint32Array.from({ length: rows }, (_, i) => i);
    const best = bestProperties(acts, [bw], all);
    expect(best[0][0]).toMatchObject({ family: 'black_white', cell, threshold: 0 });
    expect(best[0][0].f1).toBeCloseTo(1, 6);
    const p = positives / (positives + 50);
    const f1 = best[1].find((s) => s.cell === cell)!;
    expect(f1.precision).toBeCloseTo(p, 6);
    expect(f1.recall).toBeCloseTo(1, 6);
    expect(f1.f1).toBeCloseTo((2 * p) / (p + 1), 6);
    // feature 2 never fires: nothing to report
    expect(best[2]).toEqual([]);
  });

  it('builds feature pages whose top examples carry their real boards and moves', async () => {
    const sae = await loadSaeLens(SAE_DIR);
    const bsps = realBoards(8);
    const rows = bsps.game.length;
    const x = gaussianRows(rows, sae.dIn, 2);
    const explorer = await FeatureExplorer.build({ sae, x, rows, labels: bsps });
    const feature = explorer.stats.frequency.findIndex((f) => f > 0.05);
    const page = explorer.feature(feature, { examples: 4, nearest: 3 });
    expect(page.examples).toHaveLength(4);
    const acts = page.examples.map((e) => e.activation);
    expect(acts).toEqual([...acts].sort((a, b) => b - a));
    expect(acts[0]).toBeCloseTo(explorer.stats.maxActivation[feature], 6);
    const ex = page.examples[0];
    // the board of that row: as many stones as the game has after ply + 1 moves (+4 at the start, minus none taken away)
    const stones = ex.board!.squares.filter((s) => s !== 'empty').length;
    expect(stones).toBe(ex.board!.ply + 5);
    expect(ex.board!.squares[ex.board!.move!]).not.toBe('empty');
    expect(page.histogram.counts.reduce((a, b) => a + b, 0)).toBe(Math.round(page.frequency * rows));
    expect(page.properties[0].label).toMatch(/^(mine_yours|mine_yours_blank_mask|black_white|valid_moves|last_move|flipped) /);
    expect(page.nearest).toHaveLength(3);
    expect(() => explorer.feature(sae.dSae)).toThrow(expect.objectContaining({ where: 'feature' }));
  });
});

describe('board scores of an explored run', () => {
  it('split the explored games into labelling and test positions and score the headline family', async () => {
    const sae = await loadSaeLens(SAE_DIR);
    const bsps = realBoards(10);
    const rows = bsps.game.length;
    const x = gaussianRows(rows, sae.dIn, 3);
    const explorer = await FeatureExplorer.build({ sae, x, rows, labels: bsps });
    const scores = explorer.boardScores()!;
    expect(scores.family).toBe('mine_yours_blank_mask');
    // 8 of the 10 games label features, the other 2 are reconstructed
    const testGames = new Set(Array.from(bsps.game).filter((g) => g >= 8));
    expect(testGames.size).toBe(2);
    expect(scores.testPositions).toBe(Array.from(bsps.game).filter((g) => g >= 8).length);
    expect(scores.trainPositions + scores.testPositions).toBe(rows);
    // the paper's blank-mask denominator counts 192 cells of which 128 can be positive (§1.4)
    expect(scores.coverage).toBeGreaterThan(0);
    expect(scores.coverage).toBeLessThanOrEqual(2 / 3 + 1e-9);
    expect(scores.coveragePositive).toBeCloseTo(scores.coverage * 1.5, 9);
    // the same codes scored directly on the same split: the explorer scores what it encoded
    const codes = await encodeSparse(sae, x, rows);
    const family = bsps.families.find((f) => f.name === 'mine_yours_blank_mask')!;
    const split = splitPositionsByGame(Uint32Array.from(bsps.game, (g) => (g < 8 ? 0 : 1)), 1);
    const direct = aggregateFamilies(evaluateBoardFeatures({ acts: codes, families: [family], train: split.train, test: split.test }), [family.name]);
    expect(scores.boardReconstruction).toBe(direct.reconstruction);
    expect(scores.coverage).toBe(direct.coverage);
    expect(scores.boardReconstruction).toBeLessThanOrEqual(1);
    expect((await FeatureExplorer.build({ sae, x: gaussianRows(59, sae.dIn, 3), rows: 59, labels: realBoards(1) })).boardScores()).toBeNull();
  });
});
