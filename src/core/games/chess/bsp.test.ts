import { Chess } from 'chess.js';
import { describe, expect, it } from 'vitest';
import type { BspFamily } from '../family';
import { attacksFrom, squareIndex } from './attacks';
import { type ChessFamilyName, chessBsps, chessPositionBsps, pieceValues } from './bsp';

const START = 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1';
const props = (fen: string, names: ChessFamilyName[]) =>
  Object.fromEntries(chessPositionBsps(fen, names).map((f) => [f.name, f])) as Record<ChessFamilyName, BspFamily>;
const flag = (fen: string, name: ChessFamilyName) => props(fen, [name])[name].data[0];
const onSquares = (f: BspFamily) => [...f.data.keys()].filter((i) => f.data[i] === 1);

describe('chess board-state properties on hand-checked positions', () => {
  it('encode pieces with absolute colours, index = value + 6, row 0 = rank 1', () => {
    const { piece_state, piece_masked_blank, piece_masked_blank_and_initial_state, piece_color } = props(START, [
      'piece_state', 'piece_masked_blank', 'piece_masked_blank_and_initial_state', 'piece_color',
    ]);
    const cls = (sq: string) => [...Array(13).keys()].find((c) => piece_state.data[squareIndex(sq) * 13 + c] === 1);
    expect([cls('a1'), cls('e1'), cls('d1'), cls('e2'), cls('e4'), cls('e8'), cls('b8'), cls('h7')]).toEqual([10, 12, 11, 7, 6, 0, 4, 5]);
    expect(piece_masked_blank.maskIdx).toBe(6);
    expect(onSquares(piece_masked_blank)).toHaveLength(32);
    expect(onSquares(piece_masked_blank_and_initial_state)).toEqual([]);
    expect(piece_color.data[squareIndex('a1') * 3 + 2]).toBe(1);
    expect(piece_color.data[squareIndex('a8') * 3 + 0]).toBe(1);
  });

  it('keeps only the moved pawn after 1.e4 in the initial-masked family', () => {
    const chess = new Chess();
    chess.move('e4');
    chess.move('Nf6');
    const f = props(chess.fen(), ['piece_masked_blank_and_initial_state']).piece_masked_blank_and_initial_state;
    expect(onSquares(f)).toEqual([squareIndex('e4') * 13 + 7, squareIndex('f6') * 13 + 4]);
  });

  it('find the start position threats and White legal destinations', () => {
    const { threat, legal_moves } = props(START, ['threat', 'legal_moves']);
    // Rank 6 (8), rank 7 (8, every pawn is defended) and b8..g8 (6); a8 and h8 are not attacked.
    expect(onSquares(threat)).toHaveLength(22);
    expect(threat.data[squareIndex('a8')]).toBe(0);
    expect(threat.data[squareIndex('f7')]).toBe(1);
    // The same set from the independent attack tables.
    const values = pieceValues(new Chess(START));
    const attacked = new Set<number>();
    values.forEach((v, sq) => v < 0 && attacksFrom(values, sq).forEach((a) => attacked.add(a)));
    expect(onSquares(threat).sort((a, b) => a - b)).toEqual([...attacked].sort((a, b) => a - b));
    // Pawns to ranks 3 and 4, knights to a3, c3, f3, h3: exactly ranks 3 and 4.
    expect(onSquares(legal_moves)).toEqual([...Array(16).keys()].map((i) => 16 + i));
    expect(flag(START, 'castling_rights') + flag(START, 'bishop_pair') + flag(START, 'has_queen')).toBe(3);
    expect(flag(START, 'check') + flag(START, 'pin') + flag(START, 'any_fork') + flag(START, 'ambiguous_moves')).toBe(0);
  });

  it('detect pins, checks and forks', () => {
    const pinned = '4r1k1/8/8/8/8/8/4B3/4K3 w - - 0 1';
    expect(flag(pinned, 'pin')).toBe(1);
    expect(flag('6k1/8/8/8/8/8/4B3/4K3 w - - 0 1', 'pin')).toBe(0);
    // A knight may block-fork: knight c7 hits rook a8 and queen e8 (side to move).
    const mine = 'r3q2k/2N5/8/8/8/8/8/4K3 w - - 0 1';
    expect([flag(mine, 'specific_fork'), flag(mine, 'any_fork')]).toEqual([1, 1]);
    // Black knight d3 hits king e1 and queen c1: a fork by the side not to move, and check.
    const theirs = '4k3/8/8/8/8/3n4/8/2Q1K3 w - - 0 1';
    expect([flag(theirs, 'specific_fork'), flag(theirs, 'any_fork'), flag(theirs, 'check')]).toEqual([0, 1, 1]);
    // The same fork with the knight pinned to its king (b6) by the bishop on d8 is no fork.
    expect(flag('r3q2k/2N5/1K6/8/8/8/8/8 w - - 0 1', 'specific_fork')).toBe(1);
    expect(flag('r2bq2k/2N5/1K6/8/8/8/8/8 w - - 0 1', 'specific_fork')).toBe(0);
  });

  it('read castling rights, en passant, queens, draws, rook links and ambiguity', () => {
    const castle = 'r3k2r/8/8/8/8/8/8/R3K2R w Kq - 0 1';
    expect([flag(castle, 'castling_rights'), flag(castle, 'kingside_castling_rights'), flag(castle, 'queenside_castling_rights')]).toEqual([1, 1, 0]);
    expect(flag('4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 2', 'en_passant')).toBe(1);
    expect(flag('4k3/8/8/3pP3/8/8/8/4K3 w - - 0 2', 'en_passant')).toBe(0);
    const queen = '4k3/8/8/3q4/4P3/8/8/4K3 w - - 0 1';
    expect([flag(queen, 'can_capture_queen'), flag(queen, 'has_queen')]).toEqual([1, 0]);
    expect(flag('4k3/8/8/8/8/8/8/1N2KN2 w - - 0 1', 'ambiguous_moves')).toBe(1);
    expect(flag('4k3/8/8/8/8/8/8/R4RK1 w - - 0 1', 'connected_rooks')).toBe(1);
    expect(flag('4k3/8/8/8/8/8/8/R2N1RK1 w - - 0 1', 'connected_rooks')).toBe(0);
    expect(flag('4k3/8/8/8/8/8/8/4K3 w - - 100 80', 'can_claim_draw')).toBe(1);
  });

  it('count material and pieces of the side to move, and its pseudo-legal destinations', () => {
    const cls = (f: BspFamily) => f.data.indexOf(1);
    const start = props(START, ['material', 'num_pieces', 'pseudo_legal_moves']);
    expect([cls(start.material), cls(start.num_pieces)]).toEqual([39, 15]);
    // The pinned bishop (e2) has pseudo-legal moves but no legal one.
    const pinned = props('4r1k1/8/8/8/8/8/4B3/4K3 w - - 0 1', ['material', 'num_pieces', 'pseudo_legal_moves', 'legal_moves']);
    expect([cls(pinned.material), cls(pinned.num_pieces)]).toEqual([3, 1]);
    expect(pinned.pseudo_legal_moves.data[squareIndex('d3')]).toBe(1);
    expect(pinned.legal_moves.data[squareIndex('d3')]).toBe(0);
  });

  it('see a back-rank mate threat and which side can give check', () => {
    const backRank = 'r5k1/8/8/8/8/8/5PPP/6K1 w - - 0 1';
    expect([flag(backRank, 'mate_threat'), flag(backRank, 'can_check_next')]).toEqual([1, 0]);
    expect(flag('r5k1/8/8/8/8/8/5PPP/6K1 b - - 0 1', 'can_check_next')).toBe(1);
    expect(flag('6k1/8/8/8/8/8/5PPP/6K1 w - - 0 1', 'mate_threat')).toBe(0);
  });

  it('read positions at the transcript dots, each the board before a White move', () => {
    const sans = ['e4', 'e5', 'Nf3', 'Nc6', 'Bb5'];
    const { game, charIndex, movesPlayed, families } = chessBsps([{ number: 1, headers: {}, sans }], { families: ['piece_state'] });
    // ";1.e4 e5 2.Nf3 Nc6 3.Bb5": dots at 2, 10, 20.
    expect(Array.from(charIndex)).toEqual([2, 10, 20]);
    expect(Array.from(movesPlayed)).toEqual([0, 2, 4]);
    expect(Array.from(game)).toEqual([0, 0, 0]);
    const chess = new Chess();
    sans.slice(0, 4).forEach((m) => chess.move(m));
    expect(families[0].data.subarray(2 * 832, 3 * 832)).toEqual(props(chess.fen(), ['piece_state']).piece_state.data);
  });

  it('name the FEN it cannot read', () => {
    expect(() => chessPositionBsps('not a fen')).toThrow(/not a valid FEN.*\(not a fen\)/);
  });
});
