/**
 * Chess board-state properties at the paper's positions (ALGORITHMS-DETAIL §1.2, reference
 * `circuits/chess_utils.py`): the first 20 move-number dots of each transcript, where the board
 * is the state before White's next move. Colours are absolute; row 0 = rank 1.
 *
 * Deliberate differences from the reference, each a bug there:
 * - forks: the reference sums attacked targets over all pieces of a type and asks for ≥ 2
 *   targets of one single type; here one unpinned piece must attack ≥ 2 pieces from its
 *   target set (a knight on king and queen is a fork);
 * - mate_threat: the reference mirrors the board, which keeps the side to move; here the
 *   opponent really gets the move;
 * - can_capture_queen looks at every opposing queen, not only the first found;
 * - can_claim_draw is threefold repetition or the fifty-move rule in the current position
 *   (python-chess also counts claims available after one more move).
 */
import { Chess } from 'chess.js';
import { StudioError } from '../../../shared/errors';
import type { BspFamily } from '../family';
import { BISHOP, KING, KNIGHT, PAWN, QUEEN, ROOK, attacksFrom, isPinned } from './attacks';
import { type ChessPosition, type LegalMove, givesCheck, hasMateThreat, isAttacked, legalMoves, positionOf, pseudoMoves } from './movegen';
import type { ChessGame } from './pgn';
import { CHESS_DOTS_PER_GAME, CHESS_SAE_CHARS, chessTranscript, dotPositions } from './transcript';

const BOARD_FAMILIES = {
  piece_state: 13, piece_masked_blank: 13, piece_masked_blank_and_initial_state: 13, piece_color: 3, threat: 1, legal_moves: 1, pseudo_legal_moves: 1,
};
/** 1×1 families over a count (reference `material_config` 0..39, `num_pieces_config` 0..15). */
const COUNT_FAMILIES = { material: 40, num_pieces: 16 };
const FLAG_FAMILIES = [
  'check', 'pin', 'specific_fork', 'any_fork', 'castling_rights', 'kingside_castling_rights', 'queenside_castling_rights',
  'en_passant', 'can_claim_draw', 'can_check_next', 'bishop_pair', 'mate_threat', 'can_capture_queen', 'has_queen',
  'connected_rooks', 'ambiguous_moves',
] as const;
export type ChessFamilyName = keyof typeof BOARD_FAMILIES | keyof typeof COUNT_FAMILIES | (typeof FLAG_FAMILIES)[number];
export const CHESS_FAMILIES: readonly ChessFamilyName[] = [
  ...(Object.keys(BOARD_FAMILIES) as ChessFamilyName[]),
  ...(Object.keys(COUNT_FAMILIES) as ChessFamilyName[]),
  ...FLAG_FAMILIES,
];

/** The 14 binary families the paper's "strategy" average weights equally (§1.2). */
export const CHESS_STRATEGY_FAMILIES: readonly ChessFamilyName[] = [
  'threat', 'legal_moves', 'check', 'can_check_next', 'has_queen', 'can_capture_queen', 'bishop_pair', 'castling_rights',
  'kingside_castling_rights', 'queenside_castling_rights', 'any_fork', 'pin', 'en_passant', 'ambiguous_moves',
];

const BLANK = 6;
/** Material of a piece type (index = type), the reference's P1 N3 B3 R5 Q9. */
const MATERIAL = [0, 1, 3, 3, 5, 9, 0];
const VALUE_OF: Record<string, number> = { p: PAWN, n: KNIGHT, b: BISHOP, r: ROOK, q: QUEEN, k: KING };
/** Fork attacker → targets (reference `board_to_any_fork`). */
const FORK_TARGETS: Record<number, readonly number[]> = {
  [PAWN]: [KNIGHT, BISHOP, ROOK, QUEEN, KING],
  [KNIGHT]: [ROOK, QUEEN, KING],
  [BISHOP]: [ROOK, QUEEN, KING],
  [ROOK]: [QUEEN, KING],
};

/** Piece values by square (index = rank·8 + file). */
export function pieceValues(chess: Chess): Int8Array {
  const values = new Int8Array(64);
  chess.board().forEach((rank, i) =>
    rank.forEach((piece, file) => {
      if (piece) values[(7 - i) * 8 + file] = VALUE_OF[piece.type] * (piece.color === 'w' ? 1 : -1);
    }),
  );
  return values;
}

const INITIAL = pieceValues(new Chess());

function hasFork(values: Int8Array, sign: number, specific: boolean): boolean {
  for (let sq = 0; sq < 64; sq++) {
    const v = values[sq];
    if (Math.sign(v) !== sign) continue;
    const type = Math.abs(v);
    if (specific ? type !== KNIGHT : !(type in FORK_TARGETS)) continue;
    if (isPinned(values, sq)) continue;
    const targets = FORK_TARGETS[type];
    let hits = 0;
    for (const a of attacksFrom(values, sq)) if (Math.sign(values[a]) === -sign && targets.includes(Math.abs(values[a]))) hits++;
    if (hits >= 2) return true;
  }
  return false;
}

function connectedRooks(values: Int8Array, sign: number): boolean {
  const rooks: number[] = [];
  values.forEach((v, sq) => v === ROOK * sign && rooks.push(sq));
  for (let i = 0; i < rooks.length; i++) {
    for (let j = i + 1; j < rooks.length; j++) {
      const [a, b] = [rooks[i], rooks[j]];
      const step = (a >> 3) === (b >> 3) ? 1 : (a & 7) === (b & 7) ? 8 : 0;
      if (step === 0) continue;
      let clear = true;
      for (let s = a + step; s < b; s += step) if (values[s] !== 0) clear = false;
      if (clear) return true;
    }
  }
  return false;
}

/** Writes every requested family for the current position at row `pos`. */
function writePosition(chess: Chess, families: BspFamily[], pos: number): void {
  const values = pieceValues(chess);
  const turn = chess.turn();
  const sign = turn === 'w' ? 1 : -1;
  let position: ChessPosition | undefined;
  let moves: LegalMove[] | undefined;
  const here = (): ChessPosition => (position ??= positionOf(chess, values));
  const legal = (): LegalMove[] => (moves ??= legalMoves(here()));
  for (const fam of families) {
    const d = fam.data;
    const base = pos * fam.rows * fam.cols * fam.classes;
    const flag = (on: boolean) => {
      d[base] = on ? 1 : 0;
    };
    switch (fam.name as ChessFamilyName) {
      case 'piece_state':
      case 'piece_masked_blank':
      case 'piece_masked_blank_and_initial_state':
        for (let sq = 0; sq < 64; sq++) {
          const initialMasked = fam.name === 'piece_masked_blank_and_initial_state' && values[sq] === INITIAL[sq];
          const cls = initialMasked ? BLANK : values[sq] + 6;
          if (cls !== BLANK || fam.name === 'piece_state') d[base + sq * 13 + cls] = 1;
        }
        break;
      case 'piece_color':
        for (let sq = 0; sq < 64; sq++) d[base + sq * 3 + Math.sign(values[sq]) + 1] = 1;
        break;
      case 'threat':
        for (let sq = 0; sq < 64; sq++) if (isAttacked(values, sq, -1)) d[base + sq] = 1;
        break;
      case 'legal_moves':
        if (turn === 'w') for (const m of legal()) d[base + m.to] = 1;
        break;
      case 'pseudo_legal_moves':
        for (const m of pseudoMoves(here())) d[base + m.to] = 1;
        break;
      case 'material': {
        let material = 0;
        for (const v of values) if (Math.sign(v) === sign) material += MATERIAL[Math.abs(v)];
        d[base + Math.min(material, 39)] = 1;
        break;
      }
      case 'num_pieces': {
        let pieces = 0;
        for (const v of values) if (Math.sign(v) === sign && Math.abs(v) !== KING) pieces++;
        d[base + Math.min(pieces, 15)] = 1;
        break;
      }
      case 'check':
        flag(chess.inCheck());
        break;
      case 'pin':
        flag(values.some((v, sq) => v !== 0 && isPinned(values, sq)));
        break;
      case 'specific_fork':
        flag(hasFork(values, sign, true));
        break;
      case 'any_fork':
        flag(hasFork(values, 1, false) || hasFork(values, -1, false));
        break;
      case 'castling_rights': {
        const rights = chess.getCastlingRights(turn);
        flag(rights.k || rights.q);
        break;
      }
      case 'kingside_castling_rights':
        flag(chess.getCastlingRights(turn).k);
        break;
      case 'queenside_castling_rights':
        flag(chess.getCastlingRights(turn).q);
        break;
      case 'en_passant':
        flag(legal().some((m) => m.enPassant));
        break;
      case 'can_claim_draw':
        flag(chess.isThreefoldRepetition() || chess.isDrawByFiftyMoves());
        break;
      case 'can_check_next':
        flag(legal().some((m) => givesCheck(here(), m)));
        break;
      case 'bishop_pair':
        flag(values.filter((v) => v === BISHOP * sign).length >= 2);
        break;
      case 'mate_threat':
        flag(hasMateThreat(here()));
        break;
      case 'can_capture_queen':
        flag(legal().some((m) => m.captured === QUEEN));
        break;
      case 'has_queen':
        flag(values.includes(QUEEN * sign));
        break;
      case 'connected_rooks':
        flag(connectedRooks(values, sign));
        break;
      case 'ambiguous_moves': {
        const from = new Map<number, Set<number>>();
        for (const m of legal()) {
          const key = m.piece * 64 + m.to;
          if (!from.has(key)) from.set(key, new Set());
          from.get(key)!.add(m.from);
        }
        flag([...from.values()].some((s) => s.size > 1));
        break;
      }
    }
  }
}

function allocFamily(name: ChessFamilyName, positions: number): BspFamily {
  const board = name in BOARD_FAMILIES;
  const classes = board ? BOARD_FAMILIES[name as keyof typeof BOARD_FAMILIES] : (COUNT_FAMILIES[name as keyof typeof COUNT_FAMILIES] ?? 1);
  const rows = board ? 8 : 1;
  const maskIdx = name === 'piece_masked_blank' || name === 'piece_masked_blank_and_initial_state' ? BLANK : undefined;
  return { name, rows, cols: rows, classes, ...(maskIdx === undefined ? {} : { maskIdx }), data: new Uint8Array(positions * rows * rows * classes) };
}

export interface ChessBspOptions {
  families?: readonly ChessFamilyName[];
  /** transcript characters the model reads (default 256, the prefix SAEs see) */
  maxChars?: number;
  dotsPerGame?: number;
}

export interface ChessBsps {
  /** per position: index into the games given, character index of its dot, moves played */
  game: Uint32Array;
  charIndex: Uint16Array;
  movesPlayed: Uint16Array;
  families: BspFamily[];
}

/** Properties of one position given as FEN (for inspection and hand checks). */
export function chessPositionBsps(fen: string, names: readonly ChessFamilyName[] = CHESS_FAMILIES): BspFamily[] {
  let chess: Chess;
  try {
    chess = new Chess(fen);
  } catch (err) {
    throw new StudioError('bad-input', `not a valid FEN: ${(err as Error).message}`, fen);
  }
  const families = names.map((name) => allocFamily(name, 1));
  writePosition(chess, families, 0);
  return families;
}

/** Properties at the dot positions of each game's transcript. */
export function chessBsps(games: readonly ChessGame[], options: ChessBspOptions = {}): ChessBsps {
  const maxChars = options.maxChars ?? CHESS_SAE_CHARS;
  const dots = games.map((g) => dotPositions(chessTranscript(g.sans).slice(0, maxChars), options.dotsPerGame ?? CHESS_DOTS_PER_GAME));
  const total = dots.reduce((s, d) => s + d.charIndex.length, 0);
  const families = (options.families ?? CHESS_FAMILIES).map((name) => allocFamily(name, total));
  const game = new Uint32Array(total);
  const charIndex = new Uint16Array(total);
  const movesPlayed = new Uint16Array(total);
  let pos = 0;
  games.forEach((g, gi) => {
    const chess = new Chess();
    let played = 0;
    dots[gi].movesPlayed.forEach((k, i) => {
      for (; played < k; played++) {
        try {
          chess.move(g.sans[played]);
        } catch {
          throw new StudioError('bad-input', `move ${played + 1} (${g.sans[played]}) is not legal`, `game ${g.number}`);
        }
      }
      game[pos] = gi;
      charIndex[pos] = dots[gi].charIndex[i];
      movesPlayed[pos] = k;
      writePosition(chess, families, pos);
      pos++;
    });
  });
  return { game, charIndex, movesPlayed, families };
}
