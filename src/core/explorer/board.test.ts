// Real games: game 1 of ../shared/data/chess/masters_Capablanca.pgn (Capablanca–Corzo, Havana
// 1901; hlotze/pgn2tex, see that folder's SOURCES.md).
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chessPositionBsps, importPgn } from '../games/chess';
import { CHESS_MODEL } from '../games/lm/chess';
import { extractChessActivations } from '../games/lm/chess-extract';
import { readBoardLabels } from '../games/lm/labelled-dataset';
import { TranscriptModel } from '../games/lm/model';
import { boardAt, chessSquareName, propertyLabel, propertySquare } from './board';

const PGN = new URL('../../../../shared/data/chess/masters_Capablanca.pgn', import.meta.url);
const square = (name: string) => (Number(name[1]) - 1) * 8 + name.charCodeAt(0) - 97;

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-board-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('property labels', () => {
  it('name chess squares a1..h8 by rank · 8 + file, and the piece classes by colour and kind', () => {
    const [pieceState, check, material, threat] = chessPositionBsps('8/8/8/8/4N3/8/8/4K2k w - - 0 1', ['piece_state', 'check', 'material', 'threat']);
    const e4 = square('e4');
    expect(chessSquareName(e4)).toBe('e4');
    // the one-hot cell set on e4 is the white knight's (class = value + 6 = 8)
    const cell = [...Array(13).keys()].map((c) => e4 * 13 + c).find((c) => pieceState.data[c] === 1)!;
    expect(propertyLabel(pieceState, cell)).toBe('piece_state e4 = white knight');
    expect(propertySquare(pieceState, cell)).toBe(e4);
    expect(propertyLabel(pieceState, square('h1') * 13 + 0)).toBe('piece_state h1 = black king');
    expect(propertyLabel(check, 0)).toBe('check');
    expect(propertySquare(check, 0)).toBeNull();
    // White has one knight: 3 points of material
    expect(propertyLabel(material, material.data.indexOf(1))).toBe('material = 3');
    expect(propertyLabel(threat, square('g2'))).toBe('threat g2');
  });

  it('keep the Othello names (rows a–h, columns 1–8)', () => {
    expect(propertyLabel({ name: 'mine_yours_blank_mask', rows: 8, cols: 8, classes: 3 }, 19 * 3)).toBe('mine_yours_blank_mask c4 = mine');
    expect(propertyLabel({ name: 'valid_moves', rows: 8, cols: 8, classes: 1 }, 26)).toBe('valid_moves d3');
  });
});

describe('chess boards of explored rows', () => {
  it('rebuild the pieces, colours and the move just played from an extraction’s labels', async () => {
    const games = importPgn(await fs.readFile(PGN, 'utf8'), { maxPlies: 20 }).games.slice(0, 1);
    const model = TranscriptModel.init({ ...CHESS_MODEL, gpt: { ...CHESS_MODEL.gpt, d: 8, heads: 2, layers: 1 } });
    const dir = path.join(tmp, 'acts');
    await extractChessActivations({ model, games, layer: 0, datasetDir: dir, families: ['check'], threads: 1 });
    const labels = await readBoardLabels(dir);

    const start = boardAt(labels, 0);
    expect(start).toMatchObject({ kind: 'chess', game: 0, ply: 0, move: null, from: null });
    if (start?.kind !== 'chess') throw new Error('not a chess board');
    expect(start.pieces.slice(0, 8).join('')).toBe('RNBQKBNR');
    expect(start.pieces.slice(56).join('')).toBe('rnbqkbnr');
    expect(start.squares.filter((s) => s === 'empty')).toHaveLength(32);

    // row 4: after 1.e4 e5 2.Nf3 Nc6 3.d4 exd4 4.Nxd4 Nf6, the knight just went g8 → f6
    const b = boardAt(labels, 4);
    if (b?.kind !== 'chess') throw new Error('not a chess board');
    expect(b.ply).toBe(8);
    expect([b.from, b.move]).toEqual([square('g8'), square('f6')]);
    expect([b.pieces[square('f6')], b.pieces[square('g8')], b.pieces[square('d4')], b.pieces[square('e4')], b.pieces[square('c6')]]).toEqual(['n', '', 'N', 'P', 'n']);
    expect([b.squares[square('f6')], b.squares[square('d4')], b.squares[square('e5')]]).toEqual(['black', 'white', 'empty']);
  });
});
