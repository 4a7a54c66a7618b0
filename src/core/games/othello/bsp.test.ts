// Real games from shared/data/othello/wthor_sample_5000.csv (WTHOR database, FFO; see SOURCES.md there).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSquare } from './board';
import { gameMoves, generateGames, packGames, replay } from './game';
import { othelloBsps } from './bsp';
import { importOthelloCsv } from './import';

const WTHOR = path.resolve(__dirname, '../../../../../shared/data/othello/wthor_sample_5000.csv');
const cellsOn = (data: Uint8Array, pos: number, classes: number, cls: number) => {
  const out: number[] = [];
  for (let sq = 0; sq < 64; sq++) if (data[(pos * 64 + sq) * classes + cls]) out.push(sq);
  return out;
};

describe('othello board-state properties', () => {
  it('match a hand-worked first move (f5: black flips e5)', () => {
    const { families, game, ply } = othelloBsps(packGames([[parseSquare('f5')]]));
    const fam = Object.fromEntries(families.map((f) => [f.name, f]));
    expect(Array.from(game)).toEqual([0]);
    expect(Array.from(ply)).toEqual([0]);
    // White (to move) owns d4 only; black owns d5, e4, e5, f5.
    expect(cellsOn(fam.mine_yours.data, 0, 3, 0)).toEqual([27]);
    expect(cellsOn(fam.mine_yours.data, 0, 3, 2)).toEqual([28, 35, 36, 44]);
    expect(cellsOn(fam.mine_yours.data, 0, 3, 1)).toHaveLength(59);
    expect(cellsOn(fam.mine_yours_blank_mask.data, 0, 3, 1)).toEqual([]);
    expect(cellsOn(fam.valid_moves.data, 0, 1, 0)).toEqual([29, 43, 45]);
    expect(cellsOn(fam.last_move.data, 0, 1, 0)).toEqual([44]);
    expect(cellsOn(fam.flipped.data, 0, 1, 0)).toEqual([36]);
    expect(cellsOn(fam.black_white.data, 0, 3, 0)).toEqual([27]);
  });

  it('give every square exactly one class, and blank-masked equals mine_yours without the blank channel', () => {
    const games = generateGames(30, 11);
    const { families, game } = othelloBsps(games);
    const my = families.find((f) => f.name === 'mine_yours')!;
    const masked = families.find((f) => f.name === 'mine_yours_blank_mask')!;
    let expected = 0;
    for (let g = 0; g < games.count; g++) expected += Math.min(games.lengths[g], 59);
    expect(game.length).toBe(expected);
    let bad = 0;
    for (let i = 0; i < game.length * 64; i++) {
      if (my.data[i * 3] + my.data[i * 3 + 1] + my.data[i * 3 + 2] !== 1) bad++;
      if (masked.data[i * 3] !== my.data[i * 3] || masked.data[i * 3 + 1] !== 0 || masked.data[i * 3 + 2] !== my.data[i * 3 + 2]) bad++;
    }
    expect(bad).toBe(0);
  });

  it('label "mine" as the side that really moves next, unlike the paper parity after a pass', () => {
    const { games } = importOthelloCsv(readFileSync(WTHOR, 'utf8'));
    // The first real game with a pass before move 59.
    let target = -1;
    let passPly = -1;
    for (let g = 0; g < games.count && target < 0; g++) {
      replay(gameMoves(games, g).subarray(0, 59), (s) => {
        if (target < 0 && s.next === s.mover) [target, passPly] = [g, s.ply];
      });
    }
    expect(target).toBeGreaterThanOrEqual(0);
    const one = packGames([gameMoves(games, target)]);
    const fixed = othelloBsps(one, { families: ['mine_yours'] }).families[0].data;
    const parity = othelloBsps(one, { families: ['mine_yours'], parity: true }).families[0].data;
    const boards: Int8Array[] = [];
    const movers: number[] = [];
    replay(gameMoves(one, 0), (s) => {
      if (s.ply < 59) boards.push(s.board.slice());
      movers.push(s.mover);
    });
    for (let p = 0; p < boards.length; p++) {
      // The correct version: class 0 holds the discs of whoever moves at ply p+1.
      const nextMover = p + 1 < movers.length ? movers[p + 1] : -movers[p];
      let wrong = 0;
      for (let sq = 0; sq < 64; sq++) {
        const v = boards[p][sq];
        const cls = v === 0 ? 1 : v === nextMover ? 0 : 2;
        if (fixed[(p * 64 + sq) * 3 + cls] !== 1) wrong++;
      }
      expect(wrong).toBe(0);
      const same = fixed.subarray(p * 192, p * 192 + 192).every((x, i) => x === parity[p * 192 + i]);
      // Before the first pass both agree; at the pass position they must differ.
      if (p < passPly) expect(same).toBe(true);
      if (p === passPly) expect(same).toBe(false);
    }
  });
});
