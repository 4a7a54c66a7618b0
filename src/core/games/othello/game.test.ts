import { describe, expect, it } from 'vitest';
import { countDiscs } from './board';
import { MAX_MOVES, NO_MOVE, dedupeGames, gameMoves, generateGames, packGames, replay } from './game';
import { BLOCK_SIZE, VOCAB_SIZE, gamesToTokens, squareToToken, tokenToSquare } from './tokens';

describe('random-legal-move games', () => {
  const games = generateGames(3000, 7);

  it('replay legally under the array rules and stop only when neither side can move', () => {
    for (let g = 0; g < games.count; g++) {
      const result = replay(gameMoves(games, g));
      expect(result.ok).toBe(true);
      if (result.ok) expect(result.next).toBe(0);
      for (let k = games.lengths[g]; k < MAX_MOVES; k++) expect(games.moves[g * MAX_MOVES + k]).toBe(NO_MOVE);
    }
  });

  it('include games cut short before the board fills, as random play does', () => {
    let short = 0;
    for (let g = 0; g < games.count; g++) {
      const result = replay(gameMoves(games, g));
      if (result.ok && countDiscs(result.board).empty > 0) short++;
    }
    expect(short).toBeGreaterThan(0);
    expect(short).toBeLessThan(games.count * 0.1);
  });

  it('are reproducible from the seed and differ between seeds', () => {
    expect(generateGames(50, 7).moves).toEqual(games.moves.subarray(0, 50 * MAX_MOVES));
    expect(generateGames(50, 8).moves).not.toEqual(games.moves.subarray(0, 50 * MAX_MOVES));
  });

  it('deduplicate, keeping the first occurrence of each game', () => {
    const list = [0, 1, 0, 2, 1].map((g) => gameMoves(games, g));
    const unique = dedupeGames(packGames(list));
    expect(unique.count).toBe(3);
    [0, 1, 2].forEach((g, k) => expect(gameMoves(unique, k)).toEqual(gameMoves(games, g)));
    expect(dedupeGames(games).count).toBe(games.count);
  });

  it('draw the first move uniformly among the four openings', () => {
    const counts = new Map<number, number>();
    for (let g = 0; g < games.count; g++) counts.set(games.moves[g * MAX_MOVES], (counts.get(games.moves[g * MAX_MOVES]) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([19, 26, 37, 44]);
    // 750 expected each; 5 standard deviations of a binomial(3000, 1/4) is about 119.
    for (const c of counts.values()) expect(Math.abs(c - 750)).toBeLessThan(119);
  });
});

describe('Othello-GPT tokens', () => {
  it('number the 60 playable squares in board order, skipping the centre', () => {
    expect(VOCAB_SIZE).toBe(61);
    expect(BLOCK_SIZE).toBe(59);
    expect(squareToToken(0)).toBe(1);
    expect(squareToToken(26)).toBe(27);
    expect(squareToToken(29)).toBe(28);
    expect(squareToToken(37)).toBe(34);
    expect(squareToToken(63)).toBe(60);
    expect(() => squareToToken(27)).toThrow(/not a playable square/);
    expect(tokenToSquare(0)).toBe(-1);
    for (let id = 1; id < VOCAB_SIZE; id++) expect(squareToToken(tokenToSquare(id))).toBe(id);
  });

  it('encode games with 0 padding after the last move', () => {
    const games = generateGames(20, 3);
    const tokens = gamesToTokens(games);
    for (let g = 0; g < games.count; g++) {
      for (let k = 0; k < MAX_MOVES; k++) {
        const t = tokens[g * MAX_MOVES + k];
        if (k < games.lengths[g]) expect(tokenToSquare(t)).toBe(games.moves[g * MAX_MOVES + k]);
        else expect(t).toBe(0);
      }
    }
  });
});
