import { Chess } from 'chess.js';
import { describe, expect, it } from 'vitest';
import { squareIndex } from '../games/chess/attacks';
import { CHESS_MODEL_DIR, loadModelDir } from '../games/lm/shipped';
import { Rng } from '../io/rng';
import { randomSae } from '../sae/checkpoint/testSae';
import { chessLab, chessModelEncoder, randomChessGames } from './chessLab';
import type { BoardAtom } from './hypothesis/board';
import { atom } from './hypothesis/tree';

describe('chess tests', () => {
  it('random games are legal and seeded', () => {
    const games = randomChessGames(4, 9, 30);
    expect(randomChessGames(4, 9, 30)).toEqual(games);
    for (const g of games) {
      const chess = new Chess();
      for (const san of g.sans) expect(chess.move(san).san).toBe(san);
    }
  });

  it('a test draws positions of fresh games, read by the shipped chess model, where a board predicate holds or fails', async () => {
    const { model } = await loadModelDir(CHESS_MODEL_DIR);
    const sae = randomSae('topk', model.config.gpt.d, 32, 4);
    const lab = chessLab(chessModelEncoder(model, 1, sae, ['piece_state'], 1), { seed: 3, gamesPerStep: 8, maxGames: 16 });
    // e4 empty: piece_state cell (square · 13 + class), class 6 = blank (games/chess/bsp.ts)
    const e4Empty = atom<BoardAtom>({ kind: 'cell', family: 'piece_state', cell: squareIndex('e4') * 13 + 6 });
    for (const want of [true, false]) {
      const inputs = await lab.run(0, e4Empty, want, 5, new Rng(1));
      expect(inputs).toHaveLength(5);
      for (const x of inputs) {
        const board = x.detail as { kind: string; pieces: string[]; ply: number };
        expect(board.kind).toBe('chess');
        // the position replayed from the label's moves agrees with the labels the test read
        const chess = new Chess();
        const sans = x.label.replace(/ \(ply \d+\)$/, '').split(' ').filter(Boolean);
        for (const san of sans) chess.move(san);
        expect(sans).toHaveLength(board.ply);
        expect(chess.get('e4') === undefined).toBe(want);
        expect(board.pieces[squareIndex('e4')] === '').toBe(want);
      }
    }
  }, 60_000);
});
