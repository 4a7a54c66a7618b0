// Real games: the first three of ../shared/data/chess/masters_Capablanca.pgn (hlotze/pgn2tex,
// see that folder's SOURCES.md); game 1 is Capablanca–Corzo, Havana 1901, 1.e4 e5 2.Nf3 Nc6 3.d4.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Chess } from 'chess.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivationStore } from '../../data/store';
import { chessTranscript, dotPositions, encodeTranscript, importPgn } from '../chess';
import { CHESS_MODEL } from './chess';
import { extractChessActivations } from './chess-extract';
import { readBoardLabels } from './labelled-dataset';
import { TranscriptModel } from './model';

const PGN = new URL('../../../../../shared/data/chess/masters_Capablanca.pgn', import.meta.url);

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-chess-extract-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const model = TranscriptModel.init({ ...CHESS_MODEL, seed: 3, gpt: { ...CHESS_MODEL.gpt, d: 16, heads: 2, layers: 2 } });
const D = 16;
const PIECES = 'kqrbnp.PNBRQK';

/** The board part of a FEN from a piece_state row (class = value + 6, square = rank · 8 + file). */
function fenBoard(data: Uint8Array, row: number): string {
  const ranks: string[] = [];
  for (let rank = 7; rank >= 0; rank--) {
    let text = '';
    let empty = 0;
    for (let file = 0; file < 8; file++) {
      const at = (row * 64 + rank * 8 + file) * 13;
      const cls = [...Array(13).keys()].filter((c) => data[at + c] === 1);
      expect(cls).toHaveLength(1);
      const ch = PIECES[cls[0]];
      if (ch === '.') empty++;
      else {
        text += (empty || '') + ch;
        empty = 0;
      }
    }
    ranks.push(text + (empty || ''));
  }
  return ranks.join('/');
}


describe('chess activation extraction', () => {
  it('reads the model at the move-number dots, with the board after k moves and the move just played', async () => {
    const games = importPgn(await fs.readFile(PGN, 'utf8'), { maxPlies: 60 }).games.slice(0, 3);
    const dir = path.join(tmp, 'acts');
    const meta = await extractChessActivations({ model, games, layer: 1, datasetDir: dir, families: ['check', 'piece_masked_blank_and_initial_state'], batch: 2, threads: 1 });
    expect(meta.game).toBe('chess');
    expect(meta.source).toMatchObject({ kind: 'chess-model', layer: '1', games: '3' });
    expect(meta.labels.map((l) => l.name)).toEqual(['piece_masked_blank_and_initial_state', 'piece_state', 'check', 'last_move_from', 'last_move_to']);

    // one row per dot inside the model's 159-character context, at most 20 per game
    const dots = games.map((g) => dotPositions(chessTranscript(g.sans).slice(0, 159), 20));
    expect(meta.rows).toBe(dots.reduce((s, d) => s + d.charIndex.length, 0));
    const labels = await readBoardLabels(dir);
    expect(Array.from(labels.game.subarray(0, dots[0].charIndex.length))).toEqual(dots[0].charIndex.map(() => 0));
    expect(Array.from(labels.ply.subarray(0, 10))).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);

    // Hand-written FENs of game 1 (checked against chess.js replaying the same moves):
    // row 0 before 1.e4; row 4 after 4...Nf6 (g8→f6); row 8 after 8...Bxc3 (b4→c3).
    const hand: [number, string, string | null, string | null][] = [
      [0, 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR', null, null],
      [4, 'r1bqkb1r/pppp1ppp/2n2n2/8/3NP3/8/PPP2PPP/RNBQKB1R', 'g8', 'f6'],
      [8, 'r1bq1rk1/p1pp1ppp/2p2n2/8/4P3/2bQ4/PPPB1PPP/R3KB1R', 'b4', 'c3'],
    ];
    const fam = (name: string) => labels.families.find((f) => f.name === name)!;
    const squareOf = (name: string, row: number) => {
      const on = [...Array(64).keys()].filter((sq) => fam(name).data[row * 64 + sq] === 1);
      return on.length === 0 ? null : 'abcdefgh'[on[0] & 7] + ((on[0] >> 3) + 1);
    };
    for (const [row, fen, from, to] of hand) {
      const replay = new Chess();
      games[0].sans.slice(0, labels.ply[row]).forEach((san) => replay.move(san));
      expect(replay.fen().split(' ')[0]).toBe(fen);
      expect(fenBoard(fam('piece_state').data, row)).toBe(fen);
      expect([squareOf('last_move_from', row), squareOf('last_move_to', row)]).toEqual([from, to]);
    }
    // every row's piece_state agrees with chess.js, in all three games
    for (let r = 0; r < meta.rows; r++) {
      const replay = new Chess();
      games[labels.game[r]].sans.slice(0, labels.ply[r]).forEach((san) => replay.move(san));
      expect(fenBoard(fam('piece_state').data, r)).toBe(replay.fen().split(' ')[0]);
    }

    // each row is block 1's output at its dot in a direct forward pass over the game's transcript
    const rows = await ActivationStore.readAll(dir);
    const direct = await model.compileInference(1, { layers: [1], logits: false, threads: 1 });
    try {
      for (const r of [0, 4, 8, meta.rows - 1]) {
        const g = labels.game[r];
        const text = chessTranscript(games[g].sans).slice(0, 159);
        const ids = new BigInt64Array(159);
        ids.set(Array.from(encodeTranscript(text), BigInt));
        const resid = (await direct.run({ ids })).resid1 as Float32Array;
        const at = dots[g].charIndex[dots[g].movesPlayed.indexOf(labels.ply[r])];
        expect(text[at]).toBe('.');
        for (let j = 0; j < D; j++) expect(rows[r * D + j]).toBeCloseTo(resid[at * D + j], 4);
      }
    } finally {
      await direct.dispose();
    }
  });

  it('refuses an Othello model and leaves an existing folder untouched', async () => {
    const games = importPgn(await fs.readFile(PGN, 'utf8'), { maxPlies: 10 }).games.slice(0, 1);
    const othello = TranscriptModel.init({ game: 'othello', seed: 1, gpt: { vocab: 61, context: 59, d: 16, heads: 2, layers: 1 } });
    await expect(extractChessActivations({ model: othello, games, layer: 0, datasetDir: path.join(tmp, 'x') })).rejects.toThrow('this is an Othello model, not a chess model');
    const existing = path.join(tmp, 'keep');
    await fs.mkdir(existing);
    await fs.writeFile(path.join(existing, 'note.txt'), 'mine');
    await expect(extractChessActivations({ model, games, layer: 0, datasetDir: existing, threads: 1 })).rejects.toThrow(/already exists/);
    expect(await fs.readFile(path.join(existing, 'note.txt'), 'utf8')).toBe('mine');
  });
});
