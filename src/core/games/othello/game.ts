/**
 * Othello games as move lists: replay with implicit passes, and seeded random-legal-move
 * generation as in Othello-GPT's synthetic data set (ALGORITHMS-DETAIL §1.1): each move is
 * drawn uniformly among the legal moves; a side with no move passes (never tokenised); the
 * game stops when neither side can move.
 */
import { Rng } from '../../io/rng';
import { BitPosition } from './bitboard';
import { BLACK, type OthelloBoard, type Player, applyMove, hasLegalMove, isLegal, newBoard, squareName } from './board';

export const MAX_MOVES = 60;
/** Padding in move arrays (board index 0 is a real square, so padding cannot be 0). */
export const NO_MOVE = 255;

/** A batch of games: `moves` is count × 60 board indices, padded with NO_MOVE. */
export interface OthelloGames {
  count: number;
  moves: Uint8Array;
  lengths: Uint8Array;
}

export function allocGames(count: number): OthelloGames {
  return { count, moves: new Uint8Array(count * MAX_MOVES).fill(NO_MOVE), lengths: new Uint8Array(count) };
}

export function gameMoves(games: OthelloGames, g: number): Uint8Array {
  return games.moves.subarray(g * MAX_MOVES, g * MAX_MOVES + games.lengths[g]);
}

export function packGames(list: readonly ArrayLike<number>[]): OthelloGames {
  const games = allocGames(list.length);
  list.forEach((moves, g) => {
    games.moves.set(moves, g * MAX_MOVES);
    games.lengths[g] = moves.length;
  });
  return games;
}

/**
 * The games with repeats removed, first occurrence kept (Othello-GPT deduplicates its synthetic
 * set so validation games never appear in training).
 */
export function dedupeGames(games: OthelloGames): OthelloGames {
  const seen = new Set<string>();
  const kept: Uint8Array[] = [];
  for (let g = 0; g < games.count; g++) {
    const moves = gameMoves(games, g);
    const key = String.fromCharCode(...moves);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(moves);
  }
  return packGames(kept);
}

/** The move list as text (`f5d6c3…`, letter = row as in board.ts). */
export function moveListText(moves: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < moves.length; i++) text += squareName(moves[i]);
  return text;
}

/** What a visitor sees after each ply of a replay. Buffers are reused between plies. */
export interface PlyState {
  ply: number;
  square: number;
  mover: Player;
  /** the board after the move */
  board: OthelloBoard;
  flipped: Uint8Array;
  nFlipped: number;
  /** who moves next once passes are applied; 0 when the game is over */
  next: Player | 0;
}

export type ReplayResult =
  | { ok: true; board: OthelloBoard; next: Player | 0 }
  | { ok: false; ply: number; move: string; reason: string };

/** Who is to move after `mover` played: the opponent, else `mover` again (a pass), else nobody. */
export function nextToMove(board: OthelloBoard, mover: Player): Player | 0 {
  const opp = -mover as Player;
  if (hasLegalMove(board, opp)) return opp;
  if (hasLegalMove(board, mover)) return mover;
  return 0;
}

/** Replays a move list from the start position, stopping at the first illegal move. */
export function replay(moves: ArrayLike<number>, visit?: (state: PlyState) => void): ReplayResult {
  const board = newBoard();
  const flipped = new Uint8Array(20);
  let toMove: Player | 0 = BLACK;
  for (let ply = 0; ply < moves.length; ply++) {
    const sq = moves[ply];
    const name = sq >= 0 && sq < 64 ? squareName(sq) : String(sq);
    if (toMove === 0) return { ok: false, ply, move: name, reason: 'the game is already over' };
    if (!(sq >= 0 && sq < 64) || !isLegal(board, toMove, sq)) {
      const who = toMove === BLACK ? 'black' : 'white';
      return { ok: false, ply, move: name, reason: `not a legal move for ${who}` };
    }
    const mover: Player = toMove;
    const nFlipped = applyMove(board, mover, sq, flipped);
    toMove = nextToMove(board, mover);
    visit?.({ ply, square: sq, mover, board, flipped, nFlipped, next: toMove });
  }
  return { ok: true, board, next: toMove };
}

/** The squares a move was drawn from: `squares[0, n)` in ascending order (a reused buffer). */
export type DrawVisitor = (game: number, move: number, squares: Uint8Array, n: number) => void;

/**
 * Generates `count` games by uniform random legal play (bitboards, see bitboard.ts).
 * Deterministic given the seed: legal moves are drawn in ascending square order. `onDraw`, when
 * given, sees the legal set each move was drawn from (the side to move after any pass).
 */
export function generateGames(count: number, seed: number, onDraw?: DrawVisitor): OthelloGames {
  const rng = new Rng(seed);
  const games = allocGames(count);
  const pos = new BitPosition();
  const squares = new Uint8Array(64);
  for (let g = 0; g < count; g++) {
    pos.reset();
    let n = 0;
    const base = g * MAX_MOVES;
    for (;;) {
      let nLegal = pos.computeMoves();
      if (nLegal === 0) {
        pos.swap();
        nLegal = pos.computeMoves();
        if (nLegal === 0) break;
      }
      if (onDraw) {
        for (let k = 0; k < nLegal; k++) squares[k] = pos.nthMove(k);
        onDraw(g, n, squares, nLegal);
      }
      const sq = pos.nthMove(rng.int(nLegal));
      pos.play(sq);
      pos.swap();
      games.moves[base + n++] = sq;
    }
    games.lengths[g] = n;
  }
  return games;
}
