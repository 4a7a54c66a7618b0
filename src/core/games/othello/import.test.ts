// Real games: shared/data/othello/wthor_sample_5000.csv, a 5,000-game sample of the WTHOR
// database (French Othello Federation) converted by shared/data/tools; see SOURCES.md there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countDiscs } from './board';
import { gameMoves, generateGames, moveListText, replay } from './game';
import { importMoveLists, importOthelloCsv } from './import';

const WTHOR = path.resolve(__dirname, '../../../../../shared/data/othello/wthor_sample_5000.csv');

describe('othello import', () => {
  it('replays all 5000 WTHOR games legally and reproduces their final disc counts', () => {
    const imported = importOthelloCsv(readFileSync(WTHOR, 'utf8'), 'wthor_sample_5000.csv');
    expect(imported.issues).toEqual([]);
    expect(imported.games.count).toBe(5000);
    let full = 0;
    let endedEarly = 0;
    let unfinished = 0;
    for (let g = 0; g < imported.games.count; g++) {
      const row = imported.rows![g];
      const moves = gameMoves(imported.games, g);
      expect(moves.length).toBe(Number(row.n_moves));
      const result = replay(moves);
      if (!result.ok) throw new Error(`game ${g + 1}`);
      const { black, white, empty } = countDiscs(result.board);
      const blackDiscs = Number(row.black_discs);
      if (empty === 0) {
        full++;
        expect(black).toBe(blackDiscs);
      } else if (result.next === 0) {
        // WTHOR's actual score gives the empty squares of a game ended early to the winner.
        endedEarly++;
        expect(blackDiscs).toBe(black > white ? black + empty : black < white ? black : black + empty / 2);
      } else unfinished++;
    }
    expect(full + endedEarly + unfinished).toBe(5000);
    // Most real games fill the board; a few stop early or were abandoned (scores as recorded).
    expect(full).toBeGreaterThan(4500);
    expect(unfinished).toBeLessThan(50);
  });

  it('round-trips move-list text and reports each bad game by number and ply without dropping the rest', () => {
    const games = generateGames(5, 21);
    const lines = Array.from({ length: 5 }, (_, g) => moveListText(gameMoves(games, g)));
    const text = [lines[0], 'f5f5', '', lines[1], 'f5 z9', lines[2], 'c4d3e6', lines[3], lines[4]].join('\n');
    const imported = importMoveLists(text);
    expect(imported.games.count).toBe(5);
    expect(Array.from(imported.gameNumber)).toEqual([1, 3, 5, 7, 8]);
    for (let g = 0; g < 5; g++) expect(gameMoves(imported.games, g)).toEqual(gameMoves(games, g));
    expect(imported.issues).toEqual([
      { game: 2, ply: 2, move: 'f5', reason: 'not a legal move for white' },
      { game: 4, ply: 2, move: 'z9', reason: 'not a square name' },
      { game: 6, ply: 2, move: 'd3', reason: 'not a legal move for white' },
    ]);
  });

  it('names the file when the CSV has no moves column and reports short rows', () => {
    expect(() => importOthelloCsv('a,b\n1,2\n', 'x.csv')).toThrow(/no 'moves' column \(x\.csv: line 1\)/);
    const imported = importOthelloCsv('id,moves\n1,f5d6\n2\n');
    expect(imported.games.count).toBe(1);
    expect(imported.issues).toEqual([{ game: 2, ply: 0, move: '', reason: 'expected 2 fields, found 1 (line 3)' }]);
  });
});
