import { describe, expect, it } from 'vitest';
import { StudioError } from '../errors';
import type { ChessBoardContext, ChessPiece } from '../schemas/board';
import { BOARD_COLOURS, boardSvg, type ExampleBoard } from './boardSvg';

// The Othello start position plus one move: d5/e4 black, d4/e5 white, then black plays d3 flipping d4.
const START: ExampleBoard = {
  kind: 'othello',
  game: 0,
  ply: 1,
  squares: Array.from({ length: 64 }, (_, sq) => (sq === 27 || sq === 28 || sq === 35 || sq === 19 ? 'black' : sq === 36 ? 'white' : 'empty')),
  move: 19,
};

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

describe('boardSvg', () => {
  it('draws 64 squares, one stone per occupied square, the move dot and the highlighted square', () => {
    const svg = boardSvg(START, 44, 120);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="120" height="120" viewBox="0 0 8 8">/);
    expect(count(svg, new RegExp(`stroke="${BOARD_COLOURS.grid}"`, 'g'))).toBe(64);
    expect(count(svg, new RegExp(`<circle[^>]*r="0.38" fill="${BOARD_COLOURS.dark}"`, 'g'))).toBe(4);
    expect(count(svg, new RegExp(`<circle[^>]*r="0.38" fill="${BOARD_COLOURS.light}"`, 'g'))).toBe(1);
    // d3 is index 19: row 2, column 3 → the dot's centre (3.5, 2.5)
    expect(svg).toContain(`<circle cx="3.5" cy="2.5" r="0.12" fill="${BOARD_COLOURS.move}"/>`);
    // f5 is index 44: row 5, column 4
    expect(svg).toContain(`<rect x="4.06" y="5.06" width="0.88" height="0.88" fill="none" stroke="${BOARD_COLOURS.highlight}"`);
  });

  it('marks "mine" stones with the mover ring and draws no dot or outline where there is none', () => {
    const svg = boardSvg({ ...START, squares: START.squares.map((s) => (s === 'black' ? 'mine' : s === 'white' ? 'yours' : s)), move: null }, null, 80);
    expect(count(svg, new RegExp(`stroke="${BOARD_COLOURS.mine}"`, 'g'))).toBe(4);
    expect(svg).not.toContain(BOARD_COLOURS.move);
    expect(svg).not.toContain(BOARD_COLOURS.highlight);
  });

  it('draws a chess position with rank 8 at the top, the pieces as letters and the last move tinted', () => {
    // after 1. e4: the start position with the e-pawn moved from e2 (12) to e4 (28)
    const back: ChessPiece[] = ['R', 'N', 'B', 'Q', 'K', 'B', 'N', 'R'];
    const pieces: ChessPiece[] = Array.from({ length: 64 }, (_, sq) => (sq < 8 ? back[sq] : sq < 16 ? 'P' : sq >= 56 ? (back[sq - 56].toLowerCase() as ChessPiece) : sq >= 48 ? 'p' : ''));
    pieces[28] = 'P';
    pieces[12] = '';
    const board: ChessBoardContext = { kind: 'chess', game: 0, ply: 1, pieces, squares: pieces.map((p) => (p === '' ? 'empty' : p === p.toUpperCase() ? 'white' : 'black')), move: 28, from: 12 };
    const svg = boardSvg(board, 36, 100);
    expect(count(svg, /<text /g)).toBe(32);
    // a1 (white rook) sits at the bottom left on a dark square; a8 (black rook) at the top left
    expect(svg).toContain(`<rect x="0" y="7" width="1" height="1" fill="${BOARD_COLOURS.chessDark}"/>`);
    expect(svg).toMatch(new RegExp(`<text x="0.5" y="7.66"[^>]*fill="${BOARD_COLOURS.dark}">R</text>`));
    expect(svg).toMatch(new RegExp(`<text x="0.5" y="0.66"[^>]*fill="${BOARD_COLOURS.light}">R</text>`));
    // e2 and e4 (both light squares) tinted, c1 (dark) not; e5 (36: rank 5, file e) outlined at y = 7 − 4
    expect(svg).toContain(`<rect x="4" y="6" width="1" height="1" fill="${BOARD_COLOURS.chessMovedLight}"/>`);
    expect(svg).toContain(`<rect x="4" y="4" width="1" height="1" fill="${BOARD_COLOURS.chessMovedLight}"/>`);
    expect(svg).toContain(`<rect x="2" y="7" width="1" height="1" fill="${BOARD_COLOURS.chessDark}"/>`);
    expect(svg).toContain(`<rect x="4.06" y="3.06" width="0.88" height="0.88" fill="none" stroke="${BOARD_COLOURS.highlight}"`);
    expect(svg).not.toContain(BOARD_COLOURS.felt);
    // with a font that has them, the app's glyphs: 16 filled ♟ pawns, white ones light with an edge
    const glyphs = boardSvg(board, null, 100, { chessGlyphs: true });
    expect(count(glyphs, /♟<\/text>/g)).toBe(16);
    expect(glyphs).toMatch(new RegExp(`<text x="0.5" y="7.8" font-size="0.8" text-anchor="middle" fill="${BOARD_COLOURS.chessWhitePiece}" stroke="${BOARD_COLOURS.chessPieceEdge}"[^>]*>♜</text>`));
    expect(count(glyphs, /<circle/g)).toBe(0);
  });

  it('refuses a board that is not 8×8, naming the field', () => {
    expect(() => boardSvg({ ...START, squares: START.squares.slice(1) }, null, 80)).toThrow(StudioError);
    expect(() => boardSvg({ ...START, squares: START.squares.slice(1) }, null, 80)).toThrow(/64 squares, got 63 \(board.squares\)/);
  });
});
