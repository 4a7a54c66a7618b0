// Real positions from shared/data/chess/masters_Capablanca.pgn (hlotze/pgn2tex; see SOURCES.md there).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Chess } from 'chess.js';
import { describe, expect, it } from 'vitest';
import { pieceValues } from './bsp';
import { givesCheck, hasMateThreat, legalMoves, positionOf } from './movegen';
import { importPgn } from './pgn';

const PGN = path.resolve(__dirname, '../../../../../shared/data/chess/masters_Capablanca.pgn');
const NAMES = '  nbrq';
const sq = (i: number) => `${String.fromCharCode(97 + (i & 7))}${(i >> 3) + 1}`;

/** Our moves and chess.js's, both as sorted "from-to-promotion (+ if check)" strings. */
function compare(chess: Chess): [string[], string[]] {
  const pos = positionOf(chess, pieceValues(chess));
  const ours = legalMoves(pos).map((m) => `${sq(m.from)}${sq(m.to)}${NAMES[m.promotion].trim()}${givesCheck(pos, m) ? '+' : ''}`);
  const theirs = chess.moves({ verbose: true }).map((m) => `${m.from}${m.to}${m.promotion ?? ''}${/[+#]$/.test(m.san) ? '+' : ''}`);
  return [ours.sort(), theirs.sort()];
}

describe('legal move generator', () => {
  it('agrees with chess.js, checks included, along real games', () => {
    const { games } = importPgn(readFileSync(PGN, 'utf8'), { maxPlies: 50 });
    let positions = 0;
    for (const game of games.filter((_, i) => i % 100 === 0)) {
      const chess = new Chess();
      for (const san of game.sans) {
        const [ours, theirs] = compare(chess);
        expect(ours).toEqual(theirs);
        positions++;
        chess.move(san);
      }
    }
    expect(positions).toBeGreaterThan(250);
  });

  it('agrees on promotions, en passant, castling rules and pins', () => {
    for (const fen of [
      '8/1P2k3/8/8/8/8/8/4K3 w - - 0 1', // promotion with and without check
      '4k3/8/8/3pP3/8/8/8/4K3 w - d6 0 2', // en passant
      '4k3/8/8/K2pP2r/8/8/8/8 w - d6 0 2', // en passant would expose the king on the rank
      'r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', // both castlings
      'r3k2r/8/8/8/8/8/5r2/R3K2R w KQkq - 0 1', // the king may not pass the attacked f1
      'r3k2r/8/8/8/8/8/8/R3Kr1R w KQkq - 0 1', // castling out of check is illegal
      '2r1k2r/8/8/8/8/8/8/R3K2R w KQk - 0 1', // queenside: c1 attacked, b1 may be
      '1r2k2r/8/8/8/8/8/8/R3K2R w KQk - 0 1', // queenside with only b1 attacked is legal
      '4r1k1/8/8/8/8/8/4B3/4K3 w - - 0 1', // the bishop is pinned to its king
    ]) {
      const [ours, theirs] = compare(new Chess(fen));
      expect(ours, fen).toEqual(theirs);
    }
  });

  it('sees a mate threat only when the opponent could mate in one', () => {
    const threat = (fen: string) => {
      const chess = new Chess(fen);
      return hasMateThreat(positionOf(chess, pieceValues(chess)));
    };
    expect(threat('r5k1/8/8/8/8/8/5PPP/6K1 w - - 0 1')).toBe(true);
    expect(threat('r5k1/8/8/8/8/8/5PP1/6K1 w - - 0 1')).toBe(false);
    expect(threat('r5k1/8/8/8/8/8/5PPP/3R2K1 w - - 0 1')).toBe(false);
  });
});
