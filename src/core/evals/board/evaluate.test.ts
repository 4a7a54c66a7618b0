import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import type { BspFamily } from '../../games/family';
import { generateGames } from '../../games/othello/game';
import { othelloBsps } from '../../games/othello/bsp';
import { chessBsps } from '../../games/chess/bsp';
import { importPgn } from '../../games/chess/pgn';
import { sparsify } from './activations';
import { CHESS_LOW_LEVEL, aggregateFamilies, evaluateBoardFeatures, splitPositionsByGame } from './evaluate';
import { reachesLabelPrecision } from './reconstruction';

const rows = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);

describe('board metrics on hand-worked cases', () => {
  // One binary cell. Train rows 0..19: rows 0..11 positive. Test rows 20..29: rows 20..24 positive.
  const truth = new Uint8Array(30);
  truth.fill(1, 0, 12);
  truth.fill(1, 20, 25);
  const family: BspFamily = { name: 'flag', rows: 1, cols: 1, classes: 1, data: truth };
  const a = new Float32Array(30);
  const b = new Float32Array(30);
  a.fill(1, 0, 10);
  a.fill(0.5, 10, 14); // two true positives and two false positives at half strength
  b.fill(2, 12, 20); // fires only on negatives
  a.set([1, 1, 1, 0.7], 20);
  a[25] = 0.3;
  b[26] = 2;
  const data = new Float32Array(60);
  for (let r = 0; r < 30; r++) [data[r * 2], data[r * 2 + 1]] = [a[r], b[r]];
  const result = evaluateBoardFeatures({ acts: { data, features: 2 }, families: [family], train: rows(0, 20), test: rows(20, 30) });
  const [flag] = result.families;

  it('scores coverage per threshold with the strict inequality', () => {
    // t ≤ 0.4: A fires on rows 0..13, TP 12, FP 2 → F1 = 12/13; t 0.5..0.9: rows 0..9, F1 = 10/11.
    const expected = [...Array(5).fill(12 / 13), ...Array(5).fill(10 / 11), 0];
    flag.coverage.perThreshold.forEach((v, t) => expect(v).toBeCloseTo(expected[t], 6));
    expect(flag.coverage.bestIdx).toBe(0);
    expect(flag.coverage.coverage).toBeCloseTo(12 / 13, 6);
    expect(flag.coverage.coveragePositive).toBeCloseTo(12 / 13, 6);
  });

  it('scores coverage above chance against the classifier that always fires', () => {
    // 12 of 20 train rows positive: "always on" has F1₀ = 2·0.6/1.6 = 3/4, so a best F1 of
    // 12/13 is (12/13 − 3/4)/(1/4) = 9/13 above chance, and 10/11 is 7/11.
    const expected = [...Array(5).fill(9 / 13), ...Array(5).fill(7 / 11), 0];
    flag.coverage.perThresholdAboveChance.forEach((v, t) => expect(v).toBeCloseTo(expected[t], 6));
    expect(flag.coverage.coverageAboveChance).toBeCloseTo(9 / 13, 6);
    expect(flag.coverage.bestIdxAboveChance).toBe(0);
    expect(flag.coverage.chanceCells).toBe(1);
    // A feature firing on every train row scores 0 above chance (and is no worse than it: clipped at 0).
    const always = evaluateBoardFeatures({ acts: { data: new Float32Array(30).fill(1), features: 1 }, families: [family], train: rows(0, 20), test: rows(20, 30) });
    expect(always.families[0].coverage.coverage).toBeCloseTo(0.75, 6);
    expect(always.families[0].coverage.coverageAboveChance).toBeCloseTo(0, 6);
    expect(always.families[0].coverage.coverageAlwaysOn).toBeCloseTo(0.75, 6);
    expect(flag.coverage.coverageAlwaysOn).toBeCloseTo(0.75, 6);
    const opposite = evaluateBoardFeatures({ acts: { data: Float32Array.from(truth, (v) => 1 - v), features: 1 }, families: [family], train: rows(0, 20), test: rows(20, 30) });
    expect(opposite.families[0].coverage.coverageAboveChance).toBe(0);
  });

  it('labels only precise, significant classifiers and reconstructs the test board from them', () => {
    // A labels the cell at t = 0.5..0.9 (precision 1, TP 10); at t ≤ 0.4 precision is 12/14.
    const f1 = flag.reconstruction.slots.map((s) => s.f1PerClass);
    expect(f1.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    // t 0.5, 0.6: rows 20..23 predicted (TP 4, FN 1) → 8/9; t 0.7..0.9: 0.7 no longer fires → 3/4.
    [8 / 9, 8 / 9, 0.75, 0.75, 0.75].forEach((v, k) => expect(f1[5 + k]).toBeCloseTo(v, 6));
    // Highest-threshold slot: rows 20..22 use t = 0.9, row 23 uses t = 0.6, row 25 has no label.
    expect(f1[10]).toBeCloseTo(8 / 9, 6);
    expect(flag.reconstruction.bestIdx).toBe(5);
    expect(flag.reconstruction.f1PerClass).toBeCloseTo(8 / 9, 6);
    // At t = 0.5: A fires on 4 test rows, B (a_max 2, threshold 1) on 1 → L0 = 5/10.
    expect(flag.reconstruction.l0).toBeCloseTo(0.5, 9);
    expect(flag.reconstruction.labelledFeatures).toBe(1);
  });

  it('labels a cell at exactly 0.95 precision (19 of 20); the float32 rule of the reference differs at 437 of 460', () => {
    // One feature firing on train rows 0..19 of which 19 are positive, then on 5 positive test rows.
    const cell = new Uint8Array(40);
    cell.fill(1, 0, 19);
    cell.fill(1, 20, 25);
    const act = new Float32Array(40);
    act.fill(1, 0, 20);
    act.fill(1, 20, 25);
    const fam: BspFamily = { name: 'cell', rows: 1, cols: 1, classes: 1, data: cell };
    for (const labelPrecision of ['exact', 'float32'] as const) {
      const r = evaluateBoardFeatures({ acts: { data: act, features: 1 }, families: [fam], train: rows(0, 20), test: rows(20, 40), labelPrecision });
      expect(r.families[0].reconstruction.labelledFeatures, labelPrecision).toBe(1);
      expect(r.families[0].reconstruction.f1PerClass).toBeCloseTo(1, 6);
    }
    expect(reachesLabelPrecision(19, 20)).toBe(true);
    expect(reachesLabelPrecision(18, 19)).toBe(false);
    expect(reachesLabelPrecision(437, 460)).toBe(true);
    expect(reachesLabelPrecision(437, 460, 'float32')).toBe(false);
    expect(reachesLabelPrecision(19, 20, 'float32')).toBe(true);
  });

  it('counts a square predicted with a true and a false class against per-square F1 only', () => {
    // 1×1×3: X marks class 0, Y marks class 1, class 2 has no feature. 36 train rows, 4 test rows.
    const n = 40;
    const cls = [...Array(12).fill(0), ...Array(12).fill(1), ...Array(12).fill(2), 0, 1, 2, 0];
    const xy = [...Array(12).fill([1, 0]), ...Array(12).fill([0, 1]), ...Array(12).fill([0, 0]), [1, 1], [0, 1], [0, 0], [1, 0]];
    const acts = new Float32Array(n * 2);
    const board = new Uint8Array(n * 3);
    for (let r = 0; r < n; r++) {
      board[r * 3 + cls[r]] = 1;
      acts.set(xy[r], r * 2);
    }
    const fam: BspFamily = { name: 'square', rows: 1, cols: 1, classes: 3, data: board };
    const [res] = evaluateBoardFeatures({ acts: { data: acts, features: 2 }, families: [fam], train: rows(0, 36), test: rows(36, 40) }).families;
    const slot = res.reconstruction.slots[0];
    expect([slot.tp, slot.fp, slot.fn, slot.tfSquares]).toEqual([3, 1, 1, 1]);
    expect(slot.f1PerClass).toBeCloseTo(0.75, 6);
    expect(slot.f1PerSquare).toBeCloseTo(2 / 3, 6);
    // Coverage: classes 0 and 1 found with F1 1, class 2 not at all → 2/3 either way.
    expect(res.coverage.coverage).toBeCloseTo(2 / 3, 6);
    expect(res.coverage.coveragePositive).toBeCloseTo(2 / 3, 6);

    // Zero the class-2 channel: with a mask index the paper drops it from |G|; without one
    // (the Othello blank-mask quirk) it stays in |G| while the positive-cell variant drops it.
    const masked = board.map((v, i) => (i % 3 === 2 ? 0 : v));
    const withIdx = evaluateBoardFeatures({ acts: { data: acts, features: 2 }, families: [{ ...fam, data: masked, maskIdx: 2 }], train: rows(0, 36), test: rows(36, 40) });
    const noIdx = evaluateBoardFeatures({ acts: { data: acts, features: 2 }, families: [{ ...fam, data: masked }], train: rows(0, 36), test: rows(36, 40) });
    expect(withIdx.families[0].coverage.coverage).toBeCloseTo(1, 6);
    expect(noIdx.families[0].coverage.coverage).toBeCloseTo(2 / 3, 6);
    expect(noIdx.families[0].coverage.coveragePositive).toBeCloseTo(1, 6);
  });

  it('rejects mismatched shapes and splits, naming the culprit', () => {
    const fam: BspFamily = { name: 'flag', rows: 1, cols: 1, classes: 1, data: new Uint8Array(10) };
    const acts = { data: new Float32Array(20), features: 2 };
    expect(() => evaluateBoardFeatures({ acts: { data: new Float32Array(19), features: 2 }, families: [fam], train: rows(0, 5), test: rows(5, 10) })).toThrow(/expected 10 positions × 2 features \(activations\)/);
    expect(() => evaluateBoardFeatures({ acts, families: [fam], train: rows(0, 5), test: rows(5, 11) })).toThrow(/row 10 is past the 10 positions \(test\)/);
    expect(() => evaluateBoardFeatures({ acts, families: [fam, { ...fam, name: 'short', data: new Uint8Array(9) }], train: rows(0, 5), test: rows(5, 10) })).toThrow(/\(short\)/);
    const sparse = { rowStart: new Uint32Array(11), index: new Uint32Array(0), value: new Float32Array(0), features: 2 };
    expect(() => evaluateBoardFeatures({ acts: { ...sparse, rowStart: new Uint32Array(10) }, families: [fam], train: rows(0, 5), test: rows(5, 10) })).toThrow(/expected 11 \(rowStart\)/);
    sparse.rowStart[10] = 1;
    const bad = { ...sparse, index: Uint32Array.of(2), value: Float32Array.of(1) };
    expect(() => evaluateBoardFeatures({ acts: bad, families: [fam], train: rows(0, 5), test: rows(5, 10) })).toThrow(/feature 2 is past the 2 features \(index\[0\]\)/);
  });
});

describe('board metrics on Othello positions', () => {
  const games = generateGames(240, 5);
  const { families, game } = othelloBsps(games, { families: ['mine_yours_blank_mask', 'valid_moves'] });
  const { train, test } = splitPositionsByGame(game, 160);
  const n = game.length;
  const [board, valid] = families;

  // A dictionary whose features are exactly the property indicators (192 + 64 features).
  const F = 256;
  const exact = new Float32Array(n * F);
  for (let r = 0; r < n; r++) {
    for (let g = 0; g < 192; g++) exact[r * F + g] = board.data[r * 192 + g];
    for (let g = 0; g < 64; g++) exact[r * F + 192 + g] = valid.data[r * 64 + g];
  }
  const rng = new Rng(9);
  const random = Float32Array.from({ length: n * F }, () => Math.max(0, rng.normal()));

  it('scores a dictionary of exact indicators at about 1', () => {
    const result = evaluateBoardFeatures({ acts: { data: exact, features: F }, families, train, test });
    const [b, v] = result.families;
    expect(b.coverage.coveragePositive).toBeCloseTo(1, 6);
    // The paper denominator keeps the 64 never-positive blank cells: 128/192.
    expect(b.coverage.coverage).toBeCloseTo(128 / 192, 6);
    expect(b.coverage.coverageAboveChance).toBeCloseTo(1, 6);
    expect(b.reconstruction.f1PerClass).toBeGreaterThan(0.999);
    expect(v.coverage.coveragePositive).toBeGreaterThan(0.999);
    expect(v.reconstruction.f1PerClass).toBeGreaterThan(0.99);
    expect(aggregateFamilies(result, ['mine_yours_blank_mask', 'valid_moves']).reconstruction).toBeGreaterThan(0.99);
  });

  it('scores random features low', () => {
    const result = evaluateBoardFeatures({ acts: { data: random, features: F }, families, train, test });
    const [b, v] = result.families;
    // A feature that always fires already reaches F1 = 2p/(1+p) for a cell of prevalence p,
    // so coverage of noise is well above 0 but far from 1; reconstruction finds no precise labels.
    expect(b.coverage.coveragePositive).toBeLessThan(0.5);
    expect(v.coverage.coveragePositive).toBeLessThan(0.4);
    // Above chance, noise is near 0: its best classifiers barely beat "always on".
    expect(b.coverage.coverageAboveChance).toBeLessThan(0.05);
    expect(b.reconstruction.f1PerClass).toBeLessThan(0.05);
    expect(v.reconstruction.f1PerClass).toBeLessThan(0.05);
  });

  it('gives the same answer whatever the feature batch size, dense or sparse', () => {
    const mixed = exact.map((v, i) => (i % 3 === 0 ? random[i] : v));
    const whole = evaluateBoardFeatures({ acts: { data: mixed, features: F }, families, train, test });
    expect(whole.aliveFeatures).toBeGreaterThan(200);
    const batched = evaluateBoardFeatures({ acts: { data: mixed, features: F }, families, train, test, featureBatch: 37 });
    expect(batched).toEqual(whole);
    const sparse = evaluateBoardFeatures({ acts: sparsify({ data: mixed, features: F }), families, train, test, featureBatch: 50 });
    expect(sparse).toEqual(whole);
  });
});

describe('board metrics on chess positions', () => {
  // Real games: shared/data/chess/masters_Capablanca.pgn (hlotze/pgn2tex; see SOURCES.md there).
  const pgn = readFileSync(path.resolve(__dirname, '../../../../../shared/data/chess/masters_Capablanca.pgn'), 'utf8');
  const { games } = importPgn(pgn, { maxPlies: 40 });
  const { families, game } = chessBsps(games.slice(0, 80), { families: [CHESS_LOW_LEVEL, 'check', 'castling_rights'] });
  const { train, test } = splitPositionsByGame(game, 50);
  const cells = families.map((f) => f.rows * f.cols * f.classes);
  const F = cells.reduce((a, b) => a + b, 0);
  const acts = new Float32Array(game.length * F);
  for (let r = 0; r < game.length; r++) {
    let off = 0;
    families.forEach((f, k) => {
      for (let g = 0; g < cells[k]; g++) acts[r * F + off + g] = f.data[r * cells[k] + g];
      off += cells[k];
    });
  }

  it('scores exact indicators at 1 on cells that occur, and shows the paper denominator quirk', () => {
    const result = evaluateBoardFeatures({ acts: { data: acts, features: F }, families, train, test });
    const [low, check, castling] = result.families;
    expect(low.coverage.coveragePositive).toBeCloseTo(1, 6);
    // Pieces never seen off their start square in these openings still count in |G| = 64 × 12.
    expect(low.coverage.cells).toBe(768);
    expect(low.coverage.coverage).toBeCloseTo(low.coverage.positiveCells / 768, 6);
    expect(low.coverage.coverage).toBeLessThan(1);
    // Rare cells (under 10 train positives) get no label, so reconstruction is slightly below 1.
    expect(low.reconstruction.f1PerClass).toBeGreaterThan(0.9);
    expect(check.coverage.coveragePositive).toBeCloseTo(1, 6);
    expect(castling.reconstruction.f1PerClass).toBeGreaterThan(0.99);
  });
});
