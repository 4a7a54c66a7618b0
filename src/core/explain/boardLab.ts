/**
 * Board tests (issue 19): new legal Othello games are generated (seeded random play), every
 * position is run through the transcript model and the SAE, and a test takes positions that
 * satisfy or violate the hypothesis from this pool, generating more games while too few reach it.
 */
import type { SparseActivations } from '../evals/board';
import { encodeSparse } from '../explorer/codes';
import { boardAt } from '../explorer/board';
import type { TranscriptModel } from '../games/lm/model';
import { collectResiduals } from '../games/lm/residuals';
import { gameMoves, generateGames, moveListText, type OthelloFamilyName, othelloBsps, type OthelloGames } from '../games/othello';
import type { Sae } from '../sae/checkpoint/sae';
import { type BoardAtom, type BoardRows, boardLanguage } from './hypothesis/board';
import { PoolLab } from './pool';

/** Activations of every position of some games: the model + SAE, or a planted feature in tests. */
export type BoardEncoder = (games: OthelloGames) => Promise<{ rows: BoardRows; codes: SparseActivations }>;

export function modelEncoder(model: TranscriptModel, layer: number, sae: Sae, families: readonly OthelloFamilyName[], threads?: number): BoardEncoder {
  return async (games) => {
    const { byLayer } = await collectResiduals(model, games, [layer], { threads });
    const bsps = othelloBsps(games, { maxPlies: model.config.gpt.context, families });
    const rows: BoardRows = { rows: bsps.game.length, game: bsps.game, ply: bsps.ply, families: bsps.families };
    return { rows, codes: await encodeSparse(sae, byLayer[0], rows.rows) };
  };
}

export interface OthelloLabOptions {
  seed: number;
  /** games generated at first and at each growth, and at most in all */
  gamesPerStep?: number;
  maxGames?: number;
}

export function othelloLab(encode: BoardEncoder, opts: OthelloLabOptions): PoolLab<BoardAtom> {
  const step = opts.gamesPerStep ?? 64;
  return new PoolLab<BoardAtom>(
    async (k) => {
      const games = generateGames(step, opts.seed + 7919 * (k + 1));
      const { rows, codes } = await encode(games);
      return {
        codes,
        lang: boardLanguage(rows),
        describe(r, activation) {
          const moves = gameMoves(games, rows.game[r]).subarray(0, rows.ply[r] + 1);
          return { label: `${moveListText(moves)} (ply ${rows.ply[r]})`, activation, detail: boardAt(rows, r) };
        },
      };
    },
    { maxParts: Math.max(1, Math.floor((opts.maxGames ?? 512) / step)) },
  );
}
