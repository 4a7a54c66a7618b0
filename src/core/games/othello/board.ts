/**
 * Othello rules on a 64-cell typed array. Conventions follow Othello-GPT
 * (likenneth/othello_world, data/othello.py; ALGORITHMS-DETAIL §1.1): board index = row·8 + col,
 * the letter of a square name is the row (a–h) and the digit the column (1–8); +1 = black,
 * −1 = white, 0 = empty; black moves first from d5/e4 black, d4/e5 white.
 *
 * Standard notation (WTHOR, `f5d6c3…`) reads the letter as the column. The start position is
 * symmetric under that transpose, so a move list means the same game either way; only the
 * drawing is mirrored along the main diagonal.
 */
import { StudioError } from '../../../shared/errors';

export const BLACK = 1;
export const WHITE = -1;
export const EMPTY = 0;
export type Player = 1 | -1;

/** A board: 64 cells holding BLACK, WHITE or EMPTY. */
export type OthelloBoard = Int8Array;

const DIRS: ReadonlyArray<readonly [number, number]> = [
  [-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1],
];

// Precomputed rays (square × direction → the squares walked outward) so the inner loops
// never test board edges.
const RAY_START = new Uint16Array(64 * 8);
const RAY_LEN = new Uint8Array(64 * 8);
const RAYS: Uint8Array = (() => {
  const flat: number[] = [];
  for (let sq = 0; sq < 64; sq++) {
    for (let d = 0; d < 8; d++) {
      RAY_START[sq * 8 + d] = flat.length;
      let r = (sq >> 3) + DIRS[d][0];
      let c = (sq & 7) + DIRS[d][1];
      while (r >= 0 && r < 8 && c >= 0 && c < 8) {
        flat.push(r * 8 + c);
        r += DIRS[d][0];
        c += DIRS[d][1];
      }
      RAY_LEN[sq * 8 + d] = flat.length - RAY_START[sq * 8 + d];
    }
  }
  return Uint8Array.from(flat);
})();

export function newBoard(): OthelloBoard {
  const board = new Int8Array(64);
  board[27] = WHITE; // d4
  board[28] = BLACK; // d5
  board[35] = BLACK; // e4
  board[36] = WHITE; // e5
  return board;
}

/** True when `player` placing on the empty square `sq` flips at least one disc. */
export function isLegal(board: OthelloBoard, player: Player, sq: number): boolean {
  if (board[sq] !== EMPTY) return false;
  const opp = -player;
  for (let d = 0; d < 8; d++) {
    const len = RAY_LEN[sq * 8 + d];
    if (len < 2) continue;
    const start = RAY_START[sq * 8 + d];
    if (board[RAYS[start]] !== opp) continue;
    for (let k = 1; k < len; k++) {
      const v = board[RAYS[start + k]];
      if (v === opp) continue;
      if (v === player) return true;
      break;
    }
  }
  return false;
}

/** Writes the legal squares of `player` into `out` (ascending) and returns how many. */
export function legalMoves(board: OthelloBoard, player: Player, out: Uint8Array): number {
  let n = 0;
  for (let sq = 0; sq < 64; sq++) if (isLegal(board, player, sq)) out[n++] = sq;
  return n;
}

export function hasLegalMove(board: OthelloBoard, player: Player): boolean {
  for (let sq = 0; sq < 64; sq++) if (isLegal(board, player, sq)) return true;
  return false;
}

/**
 * Places a disc of `player` on `sq` and flips in all 8 directions. Writes the flipped squares
 * into `flipped` when given; returns the number flipped (0 means the move was illegal and the
 * board is unchanged).
 */
export function applyMove(board: OthelloBoard, player: Player, sq: number, flipped?: Uint8Array): number {
  if (board[sq] !== EMPTY) return 0;
  const opp = -player;
  let n = 0;
  for (let d = 0; d < 8; d++) {
    const len = RAY_LEN[sq * 8 + d];
    if (len < 2) continue;
    const start = RAY_START[sq * 8 + d];
    if (board[RAYS[start]] !== opp) continue;
    let k = 1;
    while (k < len && board[RAYS[start + k]] === opp) k++;
    if (k === len || board[RAYS[start + k]] !== player) continue;
    for (let j = 0; j < k; j++) {
      const s = RAYS[start + j];
      board[s] = player;
      if (flipped) flipped[n] = s;
      n++;
    }
  }
  if (n > 0) board[sq] = player;
  return n;
}

export function countDiscs(board: OthelloBoard): { black: number; white: number; empty: number } {
  let black = 0;
  let white = 0;
  for (let i = 0; i < 64; i++) {
    if (board[i] === BLACK) black++;
    else if (board[i] === WHITE) white++;
  }
  return { black, white, empty: 64 - black - white };
}

const ROW_NAMES = 'abcdefgh';

/** Square name in the Othello-GPT convention: letter = row, digit = column. */
export function squareName(sq: number): string {
  return `${ROW_NAMES[sq >> 3]}${(sq & 7) + 1}`;
}

/** Parses a two-character square name (case-insensitive); −1 when it is not a square. */
export function parseSquare(name: string): number {
  if (name.length !== 2) return -1;
  const r = ROW_NAMES.indexOf(name[0].toLowerCase());
  const c = name.charCodeAt(1) - 49;
  if (r < 0 || c < 0 || c > 7) return -1;
  return r * 8 + c;
}

/** Builds a board from 8 strings of 8 characters: `X` black, `O` white, `.` empty. */
export function boardFromRows(rows: readonly string[]): OthelloBoard {
  if (rows.length !== 8 || rows.some((r) => r.length !== 8)) {
    throw new StudioError('bad-input', 'an Othello board needs 8 rows of 8 characters', 'rows');
  }
  const board = new Int8Array(64);
  for (let i = 0; i < 64; i++) {
    const ch = rows[i >> 3][i & 7];
    if (ch === 'X') board[i] = BLACK;
    else if (ch === 'O') board[i] = WHITE;
    else if (ch !== '.') throw new StudioError('bad-input', `unknown cell '${ch}'`, `rows[${i >> 3}][${i & 7}]`);
  }
  return board;
}
