/**
 * Othello board-state properties after each move (ALGORITHMS-DETAIL §1.2, reference
 * `circuits/othello_utils.py`). Position k of a game is the state after move k, the position
 * where a transcript model reads token k; a model with block size 59 sees moves 0..58.
 */
import { StudioError } from '../../../shared/errors';
import type { BspFamily } from '../family';
import { EMPTY, type Player, WHITE, BLACK, legalMoves } from './board';
import { type OthelloGames, gameMoves, replay } from './game';
import { BLOCK_SIZE } from './tokens';

export const OTHELLO_FAMILIES = ['mine_yours', 'mine_yours_blank_mask', 'valid_moves', 'last_move', 'flipped', 'black_white'] as const;
export type OthelloFamilyName = (typeof OTHELLO_FAMILIES)[number];

export interface OthelloBspOptions {
  /** positions per game (default 59, the model's block size) */
  maxPlies?: number;
  /**
   * The paper's "mine/yours" flips colours by move parity, which ignores passes and so
   * mislabels every position after one (§1.2). Default false: "mine" is the side that
   * actually moves next (after any pass); true reproduces the paper.
   */
  parity?: boolean;
  families?: readonly OthelloFamilyName[];
}

export interface OthelloBsps {
  /** the game and ply of each position, rows aligned with every family's data */
  game: Uint32Array;
  ply: Uint8Array;
  families: BspFamily[];
}

const SHAPES: Record<OthelloFamilyName, number> = {
  mine_yours: 3,
  mine_yours_blank_mask: 3,
  valid_moves: 1,
  last_move: 1,
  flipped: 1,
  black_white: 3,
};

export function othelloBsps(games: OthelloGames, options: OthelloBspOptions = {}): OthelloBsps {
  const maxPlies = options.maxPlies ?? BLOCK_SIZE;
  const names = options.families ?? OTHELLO_FAMILIES;
  let total = 0;
  for (let g = 0; g < games.count; g++) total += Math.min(games.lengths[g], maxPlies);
  const game = new Uint32Array(total);
  const ply = new Uint8Array(total);
  const families: BspFamily[] = names.map((name) => ({
    name,
    rows: 8,
    cols: 8,
    classes: SHAPES[name],
    data: new Uint8Array(total * 64 * SHAPES[name]),
  }));
  const legal = new Uint8Array(64);
  let pos = 0;
  for (let g = 0; g < games.count; g++) {
    const moves = gameMoves(games, g).subarray(0, maxPlies);
    const result = replay(moves, (s) => {
      game[pos] = g;
      ply[pos] = s.ply;
      // Classes: 0 = the side to move next ("mine"), 1 = blank, 2 = the side that just moved.
      const mine: Player = options.parity ? (s.ply % 2 === 0 ? WHITE : BLACK) : s.next !== 0 ? s.next : (-s.mover as Player);
      for (const fam of families) {
        const base = pos * 64 * fam.classes;
        const d = fam.data;
        switch (fam.name as OthelloFamilyName) {
          case 'mine_yours':
          case 'mine_yours_blank_mask': {
            const keepBlank = fam.name === 'mine_yours';
            for (let sq = 0; sq < 64; sq++) {
              const v = s.board[sq];
              if (v === EMPTY) {
                if (keepBlank) d[base + sq * 3 + 1] = 1;
              } else d[base + sq * 3 + (v === mine ? 0 : 2)] = 1;
            }
            break;
          }
          case 'black_white':
            for (let sq = 0; sq < 64; sq++) d[base + sq * 3 + s.board[sq] + 1] = 1;
            break;
          case 'valid_moves': {
            const n = s.next === 0 ? 0 : legalMoves(s.board, s.next, legal);
            for (let k = 0; k < n; k++) d[base + legal[k]] = 1;
            break;
          }
          case 'last_move':
            d[base + s.square] = 1;
            break;
          case 'flipped':
            for (let k = 0; k < s.nFlipped; k++) d[base + s.flipped[k]] = 1;
            break;
        }
      }
      pos++;
    });
    if (!result.ok) {
      throw new StudioError('bad-input', `illegal move ${result.move} at ply ${result.ply}: ${result.reason}`, `game ${g}`);
    }
  }
  return { game, ply, families };
}
