import type { ChessBoardContext, ChessPiece } from '../../shared/schemas/board';
import { CHESS_FAMILIES } from '../games/chess';
import type { BspFamily } from '../games/family';
import { CHESS_MOVE_FAMILIES } from '../games/lm/chess-extract';
import { squareName } from '../games/othello';

/** What a square shows in a rendered example: the stone colours, or mine/yours from the mover's side. */
export type SquareState = 'black' | 'white' | 'mine' | 'yours' | 'empty';

/** The board of one explored Othello row, as the feature page draws it. */
export interface OthelloBoardContext {
  kind: 'othello';
  game: number;
  ply: number;
  /** 64 squares, a1..h8 in the board module's order */
  squares: SquareState[];
  /** the square of the move just played, or null when the labels do not say */
  move: number | null;
}

/** An explored row's board: Othello, or chess (told apart by `kind`). */
export type BoardContext = OthelloBoardContext | ChessBoardContext;

/** Class names per 8×8 family channel (games/othello/bsp.ts: black_white is board value + 1). */
const OTHELLO_CLASS_NAMES: Record<string, readonly string[]> = {
  mine_yours: ['mine', 'blank', 'yours'],
  mine_yours_blank_mask: ['mine', 'blank', 'yours'],
  black_white: ['white', 'empty', 'black'],
};

const CHESS_NAMES = new Set<string>([...CHESS_FAMILIES, ...CHESS_MOVE_FAMILIES]);
/** piece_state classes: index = piece value + 6, value −6..6 = black king … white king (§1.2) */
const PIECE_CLASSES = ['black king', 'black queen', 'black rook', 'black bishop', 'black knight', 'black pawn', 'blank', 'white pawn', 'white knight', 'white bishop', 'white rook', 'white queen', 'white king'];
const CHESS_CLASS_NAMES: Record<string, readonly string[]> = {
  piece_state: PIECE_CLASSES,
  piece_masked_blank: PIECE_CLASSES,
  piece_masked_blank_and_initial_state: PIECE_CLASSES,
  piece_color: ['black', 'blank', 'white'],
};
const PIECE_LETTERS: readonly ChessPiece[] = ['k', 'q', 'r', 'b', 'n', 'p', '', 'P', 'N', 'B', 'R', 'Q', 'K'];

/** a1, b1 … h8: chess squares count rank · 8 + file. */
export const chessSquareName = (sq: number) => `${'abcdefgh'[sq & 7]}${(sq >> 3) + 1}`;

const isChess = (name: string) => CHESS_NAMES.has(name);

/**
 * What an analyst reads for a property: "mine_yours_blank_mask d3 = mine", "valid_moves c4",
 * "piece_state e4 = white knight", "check", "material = 12".
 */
export function propertyLabel(family: Pick<BspFamily, 'name' | 'classes' | 'rows' | 'cols'>, cell: number): string {
  const square = Math.floor(cell / family.classes);
  const cls = cell % family.classes;
  const board = family.rows === 8 && family.cols === 8;
  if (!board && family.rows * family.cols === 1) return family.classes === 1 ? family.name : `${family.name} = ${cls}`;
  const chess = isChess(family.name);
  const where = board ? (chess ? chessSquareName(square) : squareName(square)) : `cell ${square}`;
  if (family.classes === 1) return `${family.name} ${where}`;
  const names = chess ? CHESS_CLASS_NAMES : OTHELLO_CLASS_NAMES;
  return `${family.name} ${where} = ${names[family.name]?.[cls] ?? `class ${cls}`}`;
}

/** The square a property is about, for highlighting on an 8×8 board (in that game's square order); null elsewhere. */
export function propertySquare(family: Pick<BspFamily, 'classes' | 'rows' | 'cols'>, cell: number): number | null {
  return family.rows === 8 && family.cols === 8 ? Math.floor(cell / family.classes) : null;
}

type Labels = { game: Uint32Array; ply: Uint8Array; families: readonly BspFamily[] };

/**
 * The board at `row` from the labels an extraction wrote: a chess board when the rows carry
 * piece_state, else Othello stone colours from black_white when present, else mine/yours; the
 * move from last_move (chess: last_move_from/last_move_to). Null without an 8×8 board family.
 */
export function boardAt(labels: Labels, row: number): BoardContext | null {
  const byName = (name: string) => labels.families.find((f) => f.name === name);
  const pieceState = byName('piece_state');
  if (pieceState) return chessBoardAt(labels, pieceState, row);
  const stones = byName('black_white') ?? byName('mine_yours') ?? byName('mine_yours_blank_mask');
  if (!stones) return null;
  const names: SquareState[] = stones.name === 'black_white' ? ['white', 'empty', 'black'] : ['mine', 'empty', 'yours'];
  const base = row * 64 * 3;
  const squares = Array.from({ length: 64 }, (_, sq): SquareState => {
    for (let c = 0; c < 3; c++) if (stones.data[base + sq * 3 + c]) return names[c];
    return 'empty';
  });
  return { kind: 'othello', game: labels.game[row], ply: labels.ply[row], squares, move: onSquare(byName('last_move'), row) };
}

function chessBoardAt(labels: Labels, pieceState: BspFamily, row: number): ChessBoardContext {
  const base = row * 64 * 13;
  const pieces = Array.from({ length: 64 }, (_, sq): ChessPiece => {
    for (let c = 0; c < 13; c++) if (pieceState.data[base + sq * 13 + c]) return PIECE_LETTERS[c];
    return '';
  });
  const squares = pieces.map((p) => (p === '' ? 'empty' : p === p.toUpperCase() ? 'white' : 'black'));
  const byName = (name: string) => labels.families.find((f) => f.name === name);
  return {
    kind: 'chess',
    game: labels.game[row],
    ply: labels.ply[row],
    squares,
    move: onSquare(byName('last_move_to'), row),
    pieces,
    from: onSquare(byName('last_move_from'), row),
  };
}

/** The square set in an 8×8×1 family at `row`, or null (family absent or no square set). */
function onSquare(family: BspFamily | undefined, row: number): number | null {
  if (!family) return null;
  for (let sq = 0; sq < 64; sq++) if (family.data[row * 64 + sq]) return sq;
  return null;
}
