/**
 * Legal moves on a piece-value board, for the properties that look at every move of a
 * position (legal destinations, checks available, captures, ambiguity, mate threats).
 * chess.js builds a SAN string, and with it a trial move, for every legal move it lists
 * (about 1 ms a position); these properties need none of that. Tests check this generator
 * against chess.js move lists on real games.
 */
import { Chess } from 'chess.js';
import { BISHOP, KING, KNIGHT, PAWN, QUEEN, ROOK, attacksFrom, squareIndex } from './attacks';

export interface ChessPosition {
  /** index = rank·8 + file; value −6..6, negative = black */
  values: Int8Array;
  /** +1 white to move, −1 black */
  turn: 1 | -1;
  castling: { wk: boolean; wq: boolean; bk: boolean; bq: boolean };
  /** en passant target square, −1 when none */
  ep: number;
}

export interface LegalMove {
  from: number;
  to: number;
  /** piece type moved (1..6) */
  piece: number;
  /** piece type captured, 0 when none */
  captured: number;
  promotion: number;
  enPassant: boolean;
}

const KNIGHT_STEPS = [[1, 2], [2, 1], [2, -1], [1, -2], [-1, -2], [-2, -1], [-2, 1], [-1, 2]] as const;
const KING_STEPS = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]] as const;
const ORTHO = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;
const DIAG = [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const;
const on = (r: number, f: number) => r >= 0 && r < 8 && f >= 0 && f < 8;

export function positionOf(chess: Chess, values: Int8Array): ChessPosition {
  const w = chess.getCastlingRights('w');
  const b = chess.getCastlingRights('b');
  const epField = chess.fen().split(' ')[3];
  return { values, turn: chess.turn() === 'w' ? 1 : -1, castling: { wk: w.k, wq: w.q, bk: b.k, bq: b.q }, ep: epField === '-' ? -1 : squareIndex(epField) };
}

/** Whether any piece of colour `by` (+1/−1) attacks `sq`. */
export function isAttacked(values: Int8Array, sq: number, by: number): boolean {
  const r0 = sq >> 3;
  const f0 = sq & 7;
  // A pawn of `by` attacks from one rank behind, seen from its own side.
  for (const df of [-1, 1]) {
    const r = r0 - by;
    if (on(r, f0 + df) && values[r * 8 + f0 + df] === PAWN * by) return true;
  }
  for (const [dr, df] of KNIGHT_STEPS) if (on(r0 + dr, f0 + df) && values[(r0 + dr) * 8 + f0 + df] === KNIGHT * by) return true;
  for (const [dr, df] of KING_STEPS) if (on(r0 + dr, f0 + df) && values[(r0 + dr) * 8 + f0 + df] === KING * by) return true;
  const slider = (dirs: typeof ORTHO | typeof DIAG, type: number) => {
    for (const [dr, df] of dirs) {
      for (let r = r0 + dr, f = f0 + df; on(r, f); r += dr, f += df) {
        const v = values[r * 8 + f];
        if (v === 0) continue;
        if (v === type * by || v === QUEEN * by) return true;
        break;
      }
    }
    return false;
  };
  return slider(ORTHO, ROOK) || slider(DIAG, BISHOP);
}

export function applyMove(pos: ChessPosition, m: LegalMove): Int8Array {
  const values = pos.values.slice();
  const s = pos.turn;
  values[m.to] = m.promotion ? m.promotion * s : values[m.from];
  values[m.from] = 0;
  if (m.enPassant) values[m.to - 8 * s] = 0;
  if (m.piece === KING && Math.abs(m.to - m.from) === 2) {
    const [rookFrom, rookTo] = m.to > m.from ? [m.from + 3, m.from + 1] : [m.from - 4, m.from - 1];
    values[rookTo] = values[rookFrom];
    values[rookFrom] = 0;
  }
  return values;
}

function kingSafe(values: Int8Array, side: number): boolean {
  const king = values.indexOf(KING * side);
  return king < 0 || !isAttacked(values, king, -side);
}

/** Moves that obey piece movement but may leave the mover's king attacked. */
export function pseudoMoves(pos: ChessPosition): LegalMove[] {
  const { values, turn: s } = pos;
  const out: LegalMove[] = [];
  const add = (from: number, to: number, piece: number, extra: Partial<LegalMove> = {}) =>
    out.push({ from, to, piece, captured: Math.abs(values[to]), promotion: 0, enPassant: false, ...extra });
  const lastRank = s > 0 ? 7 : 0;
  for (let from = 0; from < 64; from++) {
    const v = values[from];
    if (Math.sign(v) !== s) continue;
    const type = Math.abs(v);
    if (type === PAWN) {
      const pawnTo = (to: number, extra: Partial<LegalMove> = {}) => {
        if (to >> 3 === lastRank) for (const promotion of [QUEEN, ROOK, BISHOP, KNIGHT]) add(from, to, PAWN, { ...extra, promotion });
        else add(from, to, PAWN, extra);
      };
      const one = from + 8 * s;
      if (values[one] === 0) {
        pawnTo(one);
        const startRank = s > 0 ? 1 : 6;
        if (from >> 3 === startRank && values[one + 8 * s] === 0) add(from, one + 8 * s, PAWN);
      }
      for (const to of attacksFrom(values, from)) {
        if (Math.sign(values[to]) === -s) pawnTo(to);
        else if (to === pos.ep && values[to] === 0) add(from, to, PAWN, { captured: PAWN, enPassant: true });
      }
    } else {
      for (const to of attacksFrom(values, from)) if (Math.sign(values[to]) !== s) add(from, to, type);
    }
  }
  addCastling(pos, add);
  return out;
}

function addCastling(pos: ChessPosition, add: (from: number, to: number, piece: number) => void): void {
  const { values, turn: s, castling } = pos;
  const home = s > 0 ? 4 : 60;
  if (values[home] !== KING * s || isAttacked(values, home, -s)) return;
  const [king, queen] = s > 0 ? [castling.wk, castling.wq] : [castling.bk, castling.bq];
  const clearAndSafe = (empty: number[], safe: number[]) => empty.every((q) => values[q] === 0) && safe.every((q) => !isAttacked(values, q, -s));
  if (king && values[home + 3] === ROOK * s && clearAndSafe([home + 1, home + 2], [home + 1, home + 2])) add(home, home + 2, KING);
  if (queen && values[home - 4] === ROOK * s && clearAndSafe([home - 1, home - 2, home - 3], [home - 1, home - 2])) add(home, home - 2, KING);
}

export function legalMoves(pos: ChessPosition): LegalMove[] {
  return pseudoMoves(pos).filter((m) => kingSafe(applyMove(pos, m), pos.turn));
}

/** Whether the move leaves the opponent's king attacked. */
export function givesCheck(pos: ChessPosition, m: LegalMove): boolean {
  const after = applyMove(pos, m);
  const king = after.indexOf(-KING * pos.turn);
  return king >= 0 && isAttacked(after, king, pos.turn);
}

/** Whether the side not to move could mate in one if it had the move (§1.2 "mate threat"). */
export function hasMateThreat(pos: ChessPosition): boolean {
  const them: ChessPosition = { ...pos, turn: -pos.turn as 1 | -1, ep: -1 };
  for (const m of legalMoves(them)) {
    if (!givesCheck(them, m)) continue;
    const reply: ChessPosition = { ...pos, values: applyMove(them, m), ep: -1 };
    if (legalMoves(reply).length === 0) return true;
  }
  return false;
}
