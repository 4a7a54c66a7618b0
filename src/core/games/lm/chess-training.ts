/**
 * The chess transcript model's recipe and data, shared by scripts/train-chess-model.ts and the
 * train-game-model job: real games from a PGN file (each refused game reported, never the
 * whole file), the last 10% held out, and a piece_state probe at the transcript dots.
 */
import { sharedDataFile } from '../../io/appRoot';
import { readRegularText } from '../../io/regularFile';
import { StudioError } from '../../../shared/errors';
import { CHESS_SAE_CHARS, chessBsps, importPgn, type ChessGame, type ChessImportIssue } from '../chess';
import { CHESS_MODEL } from './chess';
import { chessTokenRows } from './chess-extract';
import type { TranscriptModel } from './model';
import { fitLinearProbe, probeAccuracy } from './probe';
import { withChanges, type Recipe, type RecipeChanges } from './recipe';
import { gatherResiduals } from './residuals';

/** Lichess games of club players (CC0; ../shared/data/chess/SOURCES.md): what the chess model trains on by default. */
export const CHESS_TRAINING_PGN = sharedDataFile('chess', 'lichess_user_games_2026.pgn');
/** Capablanca's games (1901–1941): real games from outside the training file, the default to extract activations from. */
export const CHESS_EXTRACTION_PGN = sharedDataFile('chess', 'masters_Capablanca.pgn');

export const CHESS_TRAINING: Recipe['training'] = {
  batch: 32,
  target: 'next-token',
  weightDecay: 0.1,
  beta2: 0.95,
  clipNorm: 1,
  schedule: { steps: 600, peakLr: 2e-3, warmupSteps: 50, floor: 0.1 },
};

/** The chess recipe with the changes given (recipe.ts `withChanges`). */
export const chessRecipe = (over: RecipeChanges = {}): Recipe => withChanges({ model: CHESS_MODEL, training: CHESS_TRAINING }, over);

/**
 * Plies replayed per game on import: a full move takes at least 8 characters (`1.e4 e5 `), so
 * 40 plies fill more than the model's 159-character context and later moves are never read;
 * chess.js replays about 0.1 ms a move: the 3,970 Lichess games import in 15 s instead of 35 s at 80.
 */
export const CHESS_IMPORT_PLIES = 40;

export interface PgnGames {
  games: ChessGame[];
  issues: ChessImportIssue[];
  /** games found in the file (imported + refused) */
  found: number;
}

/**
 * The games of a PGN file, each replayed to `maxPlies` (default CHESS_IMPORT_PLIES); games
 * refused are listed in `issues` with their number and reason.
 */
export async function readPgnGames(file: string, opts: { maxPlies?: number } = {}): Promise<PgnGames> {
  const text = await readRegularText(file);
  const parsed = importPgn(text, { maxPlies: opts.maxPlies ?? CHESS_IMPORT_PLIES });
  // A game of tags and no moves has no positions: refused here by number, not later as `internal` (issue 24).
  const empty = parsed.games.filter((g) => g.sans.length === 0);
  const imported: PgnGames = {
    ...parsed,
    games: parsed.games.filter((g) => g.sans.length > 0),
    issues: [...parsed.issues, ...empty.map((g) => ({ game: g.number, ply: 0, move: '', reason: 'the game has no moves (tags only)' }))].sort((a, b) => a.game - b.game),
  };
  if (imported.found === 0) throw new StudioError('bad-input', 'the file holds no PGN games', file);
  if (imported.games.length === 0) throw new StudioError('bad-input', `none of the ${imported.found} games of the file imports${imported.issues[0] ? ` (game ${imported.issues[0].game}: ${imported.issues[0].reason})` : ''}`, file);
  return imported;
}

/** "game 12, ply 5 (Ke3): not a legal move in this position" */
export const describeIssue = (i: ChessImportIssue) => `game ${i.game}${i.ply > 0 ? `, ply ${i.ply} (${i.move})` : ''}: ${i.reason}`;

/** Games of at least `minPlies` moves, the last `heldOut` share kept apart for evaluation. */
export function splitHeldOut(games: readonly ChessGame[], opts: { minPlies?: number; heldOut?: number } = {}): { train: ChessGame[]; test: ChessGame[] } {
  const long = games.filter((g) => g.sans.length >= (opts.minPlies ?? 10));
  const split = Math.max(1, Math.floor(long.length * (1 - (opts.heldOut ?? 0.1))));
  return { train: long.slice(0, split), test: long.slice(split) };
}

/**
 * Held-out accuracy of a piece_state probe (13 classes per square) at every layer (−1 =
 * embeddings, then resid_post of each block), at the dots the extraction reads: fitted on
 * `train` games, scored on `test` games.
 */
export async function chessProbeAccuracies(model: TranscriptModel, train: readonly ChessGame[], test: readonly ChessGame[], opts: { threads?: number; ridge?: number } = {}): Promise<number[]> {
  const layers = Array.from({ length: model.config.gpt.layers + 1 }, (_, i) => i - 1);
  const context = model.config.gpt.context;
  const read = async (games: readonly ChessGame[]) => {
    const bsps = chessBsps(games, { families: ['piece_state'], maxChars: Math.min(context, CHESS_SAE_CHARS) });
    const byLayer = await gatherResiduals(model, chessTokenRows(games, context), { game: bsps.game, at: bsps.charIndex }, layers, opts);
    return { rows: bsps.game.length, targets: bsps.families[0].data, byLayer };
  };
  const [a, b] = [await read(train), await read(test)];
  const D = model.config.gpt.d;
  return layers.map((_, li) => probeAccuracy(fitLinearProbe(a.byLayer[li], a.rows, D, a.targets, 13, opts.ridge), b.byLayer[li], b.rows, b.targets));
}
