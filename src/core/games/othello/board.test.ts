import { describe, expect, it } from 'vitest';
import { BLACK, WHITE, applyMove, boardFromRows, countDiscs, isLegal, legalMoves, newBoard, parseSquare, squareName } from './board';
import { nextToMove } from './game';

const sq = (name: string) => parseSquare(name);
const names = (board: Int8Array, player: 1 | -1) => {
  const out = new Uint8Array(64);
  return Array.from(out.subarray(0, legalMoves(board, player, out)), squareName);
};

describe('othello rules', () => {
  it('offers black the four textbook openings from the start position', () => {
    // Letter = row here (Othello-GPT); in standard notation these are f5, e6, d3, c4.
    expect(names(newBoard(), BLACK)).toEqual(['c4', 'd3', 'e6', 'f5']);
    expect(names(newBoard(), WHITE)).toEqual(['c5', 'd6', 'e3', 'f4']);
  });

  it('flips in every direction that ends on the mover and in no other', () => {
    const board = boardFromRows([
      '........',
      '.X.X.X..',
      '..OOO...',
      '.XO.OX..',
      '...OO...',
      '...O.O..',
      '......O.',
      '.......O',
    ]);
    const flipped = new Uint8Array(20);
    const n = applyMove(board, BLACK, sq('d4'), flipped);
    // W, E, N, NW, NE runs end on a black disc; S ends on an empty square, SE on the edge.
    expect(Array.from(flipped.subarray(0, n)).sort((a, b) => a - b)).toEqual(['c3', 'c4', 'c5', 'd3', 'd5'].map(sq));
    expect(board[sq('e4')]).toBe(WHITE);
    expect(board[sq('e5')]).toBe(WHITE);
    expect(board[sq('d4')]).toBe(BLACK);
    expect(countDiscs(board)).toEqual({ black: 11, white: 6, empty: 47 });
  });

  it('rejects occupied squares and moves that flip nothing, leaving the board unchanged', () => {
    const board = newBoard();
    const before = board.slice();
    expect(applyMove(board, BLACK, sq('d4'))).toBe(0);
    expect(applyMove(board, BLACK, sq('a1'))).toBe(0);
    expect(isLegal(board, BLACK, sq('a1'))).toBe(false);
    expect(board).toEqual(before);
  });

  it('forces a pass when the opponent has no move, and ends the game when neither side has one', () => {
    // White's only disc cannot outflank anything; black can still play a4.
    const pass = boardFromRows(['XXO.....', '........', '........', '........', '........', '........', '........', '........']);
    expect(names(pass, WHITE)).toEqual([]);
    expect(names(pass, BLACK)).toEqual(['a4']);
    expect(nextToMove(pass, BLACK)).toBe(BLACK);
    expect(nextToMove(pass, WHITE)).toBe(BLACK);
    // White has been wiped out: nobody can move although squares are empty.
    const over = boardFromRows(['XXXX....', '........', '........', '........', '........', '........', '........', '........']);
    expect(nextToMove(over, BLACK)).toBe(0);
    expect(nextToMove(over, WHITE)).toBe(0);
  });

  it('names squares with the row letter first and rejects non-squares', () => {
    expect(squareName(0)).toBe('a1');
    expect(squareName(63)).toBe('h8');
    expect(parseSquare('F5')).toBe(5 * 8 + 4);
    expect(parseSquare('i1')).toBe(-1);
    expect(parseSquare('a9')).toBe(-1);
    expect(() => boardFromRows(['........'])).toThrow(/8 rows/);
  });
});
