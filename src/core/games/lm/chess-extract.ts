/**
 * Chess activation extraction (issue 6): residual-stream activations of a chess transcript
 * model at the paper's positions — the first 20 move-number dots of each transcript, where the
 * board is the state after k moves, k the spaces before the dot (ALGORITHMS-DETAIL §1.2) —
 * written in the layout of `labelled-dataset.ts` with the chess board-state families, plus the
 * squares of the move just played (`last_move_from`, `last_move_to`, 8×8×1 each, all zero
 * before the first move) so a rendered example can show it. The paper's low-level headline
 * family (piece_masked_blank_and_initial_state) is listed first when it is labelled.
 */
import path from 'node:path';
import { Chess, type Square } from 'chess.js';
import { StudioError } from '../../../shared/errors';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { CHESS_LOW_LEVEL } from '../../evals/board/evaluate';
import { squareIndex } from '../chess/attacks';
import { CHESS_DOTS_PER_GAME, CHESS_FAMILIES, CHESS_SAE_CHARS, chessBsps, chessTranscript, encodeTranscript, type ChessFamilyName, type ChessGame } from '../chess';
import type { BspFamily } from '../family';
import { writeLabelledDataset } from './labelled-dataset';
import { aModelOf, type TranscriptModel } from './model';
import { streamResiduals, type StreamOptions, type TokenRows } from './residuals';

export const CHESS_MOVE_FAMILIES = ['last_move_from', 'last_move_to'] as const;

/** The most dots read per game: keeps the moves played (positions-ply.bin) within a byte. */
const MAX_DOTS_PER_GAME = 100;

export interface ChessExtractOptions extends StreamOptions {
  model: TranscriptModel;
  games: readonly ChessGame[];
  /** resid_post of this block (0-based); −1 is the embedding output */
  layer: number;
  /** the dataset folder to create (must not exist) */
  datasetDir: string;
  id?: string;
  name?: string;
  /** the families to label (piece_state is always added: it is the whole board); default all */
  families?: readonly ChessFamilyName[];
  /** dots read per game (default 20, the paper's) */
  dotsPerGame?: number;
  dtype?: 'float32' | 'float16';
  /** share of rows (from the start) for training, the rest validation; default 0.9 */
  trainFraction?: number;
  /** rows written so far of the total, after each batch of games */
  onProgress?(rows: number, total: number): void;
}

export async function extractChessActivations(opts: ChessExtractOptions): Promise<DatasetMeta> {
  const { model, games, layer, datasetDir } = opts;
  if (model.config.game !== 'chess') throw new StudioError('bad-input', `this is ${aModelOf(model.config.game)}, not ${aModelOf('chess')}`, 'model');
  const dotsPerGame = opts.dotsPerGame ?? CHESS_DOTS_PER_GAME;
  if (!(Number.isInteger(dotsPerGame) && dotsPerGame >= 1 && dotsPerGame <= MAX_DOTS_PER_GAME)) throw new StudioError('bad-input', `dots per game must be 1..${MAX_DOTS_PER_GAME}, got ${dotsPerGame}`, 'dotsPerGame');
  const context = model.config.gpt.context;
  // The headline family goes first: readers that score one family fall back to the first.
  const wanted = opts.families ?? CHESS_FAMILIES;
  const headline = wanted.filter((f) => f === CHESS_LOW_LEVEL);
  const families = [...new Set<ChessFamilyName>([...headline, 'piece_state', ...wanted])];
  // A dot past the model's context is never read, so it is never labelled either.
  const bsps = chessBsps(games, { families, maxChars: Math.min(context, CHESS_SAE_CHARS), dotsPerGame });
  return writeLabelledDataset({
    datasetDir,
    dims: model.config.gpt.d,
    dtype: opts.dtype,
    id: opts.id ?? path.basename(datasetDir),
    name: opts.name ?? `Chess resid_post layer ${layer}`,
    game: 'chess',
    source: { kind: 'chess-model', layer: String(layer), games: String(games.length), d: String(model.config.gpt.d), context: String(model.config.gpt.context), modelDigest: model.weightsDigest() },
    trainFraction: opts.trainFraction,
    labels: { game: bsps.game, ply: Uint8Array.from(bsps.movesPlayed), families: [...bsps.families, ...lastMoveFamilies(games, bsps)] },
    rows: (append) => streamResiduals(model, chessTokenRows(games, context), { game: bsps.game, at: bsps.charIndex }, [layer], append, opts),
    onProgress: opts.onProgress,
  });
}

/** Each game's transcript ids, cut at the model's context. */
export function chessTokenRows(games: readonly ChessGame[], context: number): TokenRows {
  return { count: games.length, row: (g) => encodeTranscript(chessTranscript(games[g].sans).slice(0, context)) };
}

/** The from/to squares of the move before each position (none before the first move). */
export function lastMoveFamilies(games: readonly ChessGame[], at: { game: Uint32Array; movesPlayed: Uint16Array }): BspFamily[] {
  const [from, to] = CHESS_MOVE_FAMILIES.map((name) => ({ name, rows: 8, cols: 8, classes: 1, data: new Uint8Array(at.game.length * 64) }));
  let replayed = -1;
  let moves: { from: Square; to: Square }[] = [];
  for (let i = 0; i < at.game.length; i++) {
    const g = at.game[i];
    if (g !== replayed) {
      const chess = new Chess();
      moves = games[g].sans.map((san) => chess.move(san));
      replayed = g;
    }
    const k = at.movesPlayed[i];
    if (k === 0) continue;
    from.data[i * 64 + squareIndex(moves[k - 1].from)] = 1;
    to.data[i * 64 + squareIndex(moves[k - 1].to)] = 1;
  }
  return [from, to];
}
