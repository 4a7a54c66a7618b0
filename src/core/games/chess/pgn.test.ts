// Real games: shared/data/chess/masters_Capablanca.pgn (597 games, hlotze/pgn2tex) and
// lichess_user_games_2026.pgn (3,970 Lichess games, 3 of them "From Position"); see SOURCES.md there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importPgn, movetextTokens } from './pgn';
import { CHESS_VOCAB_SIZE, chessTranscript, decodeTranscript, dotPositions, encodeTranscript } from './transcript';

const DATA = path.resolve(__dirname, '../../../../../shared/data/chess');

const SMALL = `[Event "ok"]
[White "A"]

1. e4 {a comment; with a semicolon} e5 2. Nf3 (2. f4 exf4 (2... d5)) Nc6 $1 3. Bb5 a6 1-0

[Event "illegal"]

1. e4 e5 2. Ke3 Nc6 0-1

[Event "set-up"]
[SetUp "1"]
[FEN "4k3/8/8/8/8/8/8/4K3 w - - 0 1"]

1. Kd2 *

[Event "numbers glued"]

1.d4 d5 2.c4 dxc4 3.e4?! 1/2-1/2
`;

describe('PGN import', () => {
  it('imports good games and reports bad ones by number, ply and reason', () => {
    const result = importPgn(SMALL);
    expect(result.found).toBe(4);
    expect(result.games.map((g) => g.number)).toEqual([1, 4]);
    expect(result.games[0].sans).toEqual(['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6']);
    expect(result.games[0].headers.White).toBe('A');
    expect(result.games[1].sans).toEqual(['d4', 'd5', 'c4', 'dxc4', 'e4']);
    expect(result.issues).toEqual([
      { game: 2, ply: 3, move: 'Ke3', reason: 'not a legal move in this position' },
      { game: 3, ply: 0, move: '', reason: 'starts from a set-up position (FEN), not the standard start a transcript needs' },
    ]);
  });

  it('separates a game recorded without moves from the next one', () => {
    const result = importPgn('[Event "a"]\n[Result "*"]\n\n[Event "b"]\n\n1. e4 *\n');
    expect(result.found).toBe(2);
    expect(result.games.map((g) => [g.headers.Event, g.sans.length])).toEqual([['a', 0], ['b', 1]]);
  });

  it('strips comments, nested variations, NAGs, move numbers and results', () => {
    expect(movetextTokens('1. e4 {x (y)} e5 (1... c5 2. Nf3 (2. c3)) 2. Nf3 $14 ; rest\n2... Nc6 *')).toEqual(['e4', 'e5', 'Nf3', 'Nc6']);
  });

  it('imports every Capablanca game', () => {
    // The first 40 plies are what the properties read (20 dots); `npm run bench -- games` replays whole games.
    const result = importPgn(readFileSync(path.join(DATA, 'masters_Capablanca.pgn'), 'utf8'), { maxPlies: 40 });
    expect(result.found).toBe(597);
    expect(result.issues).toEqual([]);
    expect(result.games).toHaveLength(597);
    expect(result.games.every((g) => g.sans.length > 0)).toBe(true);
  });

  it('finds all 3970 Lichess games and refuses only the 3 set-up positions', () => {
    // chess.js needs ~0.1 ms per move: replaying the opening of each game keeps this test short.
    const result = importPgn(readFileSync(path.join(DATA, 'lichess_user_games_2026.pgn'), 'utf8'), { maxPlies: 6 });
    expect(result.found).toBe(3970);
    expect(result.games).toHaveLength(3967);
    expect(result.issues.map((i) => i.ply)).toEqual([0, 0, 0]);
    expect(result.games[0].headers.GameId).toBe('ttgKfhyW');
    expect(result.games[0].sans).toEqual(['e4', 'Nf6', 'e5', 'Nd5', 'd4', 'd6']);
  });
});

describe('chess transcripts', () => {
  it('write PGN move text after ";" over the 32-character vocabulary', () => {
    const text = chessTranscript(['e4', 'e5', 'Nf3', 'Nc6', 'Bb5', 'a6', 'Bxc6', 'dxc6', 'O-O', 'f6']);
    expect(text).toBe(';1.e4 e5 2.Nf3 Nc6 3.Bb5 a6 4.Bxc6 dxc6 5.O-O f6');
    expect(CHESS_VOCAB_SIZE).toBe(32);
    const ids = encodeTranscript(text);
    expect(ids[0]).toBe(15);
    expect(ids[1]).toBe(6);
    expect(decodeTranscript(ids)).toBe(text);
    expect(() => encodeTranscript(';1.e4 e5 2.Nf3!')).toThrow(/'!' is not in the chess vocabulary \(transcript\[14\]\)/);
    expect(dotPositions(text, 2)).toEqual({ charIndex: [2, 10], movesPlayed: [0, 2] });
  });
});
