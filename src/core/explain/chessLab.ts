/**
 * Chess board tests (issue 19): seeded random legal chess games (chess.js), read by the chess
 * transcript model at the dataset's positions (the move-number dots of each transcript) and
 * labelled with the same board-state families, so a test takes positions that satisfy or violate
 * a board predicate, generating more games while too few do (as boardLab.ts does for Othello).
 */
import { Chess } from 'chess.js';
import type { SparseActivations } from '../evals/board';
import { boardAt } from '../explorer/board';
import { encodeSparse } from '../explorer/codes';
import { CHESS_SAE_CHARS, chessBsps, type ChessFamilyName, type ChessGame } from '../games/chess';
import { chessTokenRows, lastMoveFamilies } from '../games/lm/chess-extract';
import type { TranscriptModel } from '../games/lm/model';
import { gatherResiduals } from '../games/lm/residuals';
import { Rng } from '../io/rng';
import type { Sae } from '../sae/checkpoint/sae';
import type { BoardAtom, BoardRows } from './hypothesis/board';
import { boardLanguage } from './hypothesis/board';
import { PoolLab } from './pool';

/** Plies each random game plays at most (20 move-number dots need about 40). */
export const RANDOM_CHESS_PLIES = 48;

/** `count` games of uniformly random legal moves, seeded; a game ends early at mate or a draw. */
export function randomChessGames(count: number, seed: number, plies = RANDOM_CHESS_PLIES): ChessGame[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, g) => {
    const chess = new Chess();
    const sans: string[] = [];
    for (let p = 0; p < plies && !chess.isGameOver(); p++) {
      const moves = chess.moves();
      sans.push(chess.move(moves[rng.int(moves.length)]).san);
    }
    return { number: g + 1, headers: {}, sans };
  });
}

export type ChessEncoder = (games: readonly ChessGame[]) => Promise<{ rows: BoardRows; codes: SparseActivations }>;

/** The model + SAE at each game's dots, labelled with `families` and the last move's squares. */
export function chessModelEncoder(model: TranscriptModel, layer: number, sae: Sae, families: readonly ChessFamilyName[], threads?: number): ChessEncoder {
  return async (games) => {
    const context = model.config.gpt.context;
    const bsps = chessBsps(games, { families: [...new Set<ChessFamilyName>(['piece_state', ...families])], maxChars: Math.min(context, CHESS_SAE_CHARS) });
    const [x] = await gatherResiduals(model, chessTokenRows(games, context), { game: bsps.game, at: bsps.charIndex }, [layer], { threads });
    const rows: BoardRows = { rows: bsps.game.length, game: bsps.game, ply: Uint8Array.from(bsps.movesPlayed), families: [...bsps.families, ...lastMoveFamilies(games, bsps)] };
    return { rows, codes: await encodeSparse(sae, x, rows.rows) };
  };
}

export function chessLab(encode: ChessEncoder, opts: { seed: number; gamesPerStep?: number; maxGames?: number }): PoolLab<BoardAtom> {
  const step = opts.gamesPerStep ?? 32;
  return new PoolLab<BoardAtom>(
    async (k) => {
      const games = randomChessGames(step, opts.seed + 7919 * (k + 1));
      const { rows, codes } = await encode(games);
      return {
        codes,
        lang: boardLanguage(rows),
        describe(r, activation) {
          const sans = games[rows.game[r]].sans.slice(0, rows.ply[r]);
          return { label: `${sans.join(' ')} (ply ${rows.ply[r]})`, activation, detail: boardAt(rows, r) };
        },
      };
    },
    { maxParts: Math.max(1, Math.floor((opts.maxGames ?? 256) / step)) },
  );
}
