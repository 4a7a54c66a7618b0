import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gamesToTokens, generateGames, legalMoves, parseSquare, replay, squareToToken, BLACK, WHITE, type OthelloGames } from '../othello';
import { TranscriptModel, type TranscriptModelConfig } from './model';
import { HELD_OUT_SEED, legalTop1, nextMoveMasks, othelloLegalMoveAccuracy, othelloTrainingBatch } from './othello';
import { learningRate, trainLoop, type Schedule } from './train';

const TINY: TranscriptModelConfig = { game: 'othello', seed: 1, gpt: { vocab: 61, context: 59, d: 32, heads: 2, layers: 1 } };

describe('Othello transcript model', () => {
  it('learns a tiny deterministic game set: the loss falls and every prefix of those games gets a legal top-1 move', async () => {
    const games = generateGames(4, 11);
    const tokens = gamesToTokens(games);
    const schedule: Schedule = { steps: 150, peakLr: 1e-2, warmupSteps: 10, floor: 0.1 };
    const { model, losses } = await trainLoop(TranscriptModel.init(TINY), {
      batch: 4,
      target: 'next-token',
      weightDecay: 0.1,
      beta2: 0.95,
      clipNorm: 1,
      threads: 1,
      schedule,
      nextBatch: () => ({ rows: 4, width: 60, tokens, lengths: games.lengths }),
    });
    const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;
    // ln 61 ≈ 4.11 at the start; a memorised set has next-token loss near 0.
    expect(mean(losses.subarray(0, 5))).toBeGreaterThan(3.5);
    expect(mean(losses.subarray(-5))).toBeLessThan(0.2);
    expect(await othelloLegalMoveAccuracy(model, games, { batch: 4, threads: 1 })).toBe(1);
  });

  it('training targets: uniform over the moves legal after each prefix (the generator\'s draw sets equal the rules\' replay)', () => {
    const batch = othelloTrainingBatch(44, 7, 16);
    const games = generateGames(16, (44 * 7919 + 7) % HELD_OUT_SEED);
    expect(batch.tokens).toEqual(gamesToTokens(games));
    const { game, ply, legal } = nextMoveMasks(games);
    const T = 59;
    const V = 61;
    const expected = new Float32Array(16 * T * V);
    for (let k = 0; k < game.length; k++) {
      const squares = [...Array(64).keys()].filter((sq) => (legal[k] >> BigInt(sq)) & 1n);
      for (const sq of squares) expected[(game[k] * T + ply[k]) * V + squareToToken(sq)] = 1 / squares.length;
    }
    expect(game.length).toBeGreaterThan(16 * 50);
    expect(batch.dist).toEqual(expected);
  });

  it('legal-move masks and top-1 scoring on a hand-checked opening', () => {
    // After black's f5 (this codebase's square naming), white has exactly the three replies of
    // every Othello opening; the game (f5, then one of them) has a position at ply 0 only.
    const first = parseSquare('f5');
    const replies: number[] = [];
    replay([first], (s) => {
      const buf = new Uint8Array(64);
      replies.push(...buf.subarray(0, legalMoves(s.board, WHITE, buf)));
      expect(s.mover).toBe(BLACK);
    });
    expect(replies).toHaveLength(3);
    const games: OthelloGames = { count: 1, moves: new Uint8Array(60).fill(255), lengths: Uint8Array.of(2) };
    games.moves.set([first, replies[0]]);
    const masks = nextMoveMasks(games);
    expect(Array.from(masks.ply)).toEqual([0]);
    const want = replies.reduce((m, sq) => m | (1n << BigInt(sq)), 0n);
    expect(masks.legal[0]).toBe(want);
    const logits = new Float32Array(61);
    const tokenOf = gamesToTokens({ count: 1, moves: Uint8Array.of(replies[2], ...new Array(59).fill(255)), lengths: Uint8Array.of(1) })[0];
    logits[tokenOf] = 5;
    expect(legalTop1(logits, 0, 61, want)).toBe(true);
    logits[gamesToTokens({ count: 1, moves: Uint8Array.of(first, ...new Array(59).fill(255)), lengths: Uint8Array.of(1) })[0]] = 9;
    expect(legalTop1(logits, 0, 61, want)).toBe(false);
    // Padding as the argmax never counts as a legal move.
    logits[0] = 99;
    expect(legalTop1(logits, 0, 61, want)).toBe(false);
  });

  it('warm-up then cosine decay to the floor', () => {
    const s: Schedule = { steps: 110, peakLr: 1, warmupSteps: 10, floor: 0.1 };
    expect(learningRate(s, 0)).toBeCloseTo(0.1, 12);
    expect(learningRate(s, 9)).toBeCloseTo(1, 12);
    expect(learningRate(s, 60)).toBeCloseTo(0.55, 12);
    expect(learningRate(s, 110)).toBeCloseTo(0.1, 12);
  });

  it('weights round-trip through safetensors with identical logits; a wrong config is refused by name', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-lm-'));
    try {
      const model = TranscriptModel.init({ ...TINY, seed: 9 });
      const file = path.join(dir, 'm.safetensors');
      await model.save(file);
      const back = await TranscriptModel.load(TINY, file);
      const ids = BigInt64Array.from(gamesToTokens(generateGames(1, 2)).subarray(0, 59), BigInt);
      const run = async (m: TranscriptModel) => {
        const p = await m.compileInference(1, { threads: 1 });
        const out = (await p.run({ ids })).logits as Float32Array;
        await p.dispose();
        return out;
      };
      expect(Array.from(await run(back))).toEqual(Array.from(await run(model)));
      await expect(TranscriptModel.load({ ...TINY, gpt: { ...TINY.gpt, d: 64 } }, file)).rejects.toThrow(/has \d+ values/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
