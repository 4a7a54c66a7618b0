/**
 * Residual-stream activations of a transcript model at chosen layers, one row per selected
 * position (game by game, position ascending), so rows align with the board-state labels of
 * the same positions. All forward passes run through one compiled inference program (no
 * gradient). The game-independent part (`streamResiduals`) reads token rows; the Othello
 * helpers select plies of `OthelloGames` as `othelloBsps` orders them.
 */
import { StudioError } from '../../../shared/errors';
import { MAX_MOVES, gamesToTokens, type OthelloGames } from '../othello';
import type { TranscriptModel } from './model';

export interface PositionSelection {
  /** plies to keep (0-based; ply k is the state after move k); default every ply the model reads */
  plies?: readonly number[];
}

/** The token sequences of a set of games, as the model reads them (ids past the context are ignored). */
export interface TokenRows {
  count: number;
  row(game: number): ArrayLike<number>;
}

/** The rows to read: each one's game (ascending) and token index inside that game. */
export interface TokenPositions {
  game: Uint32Array;
  at: ArrayLike<number>;
}

export interface ResidualChunk {
  /** first row of this chunk in the whole selection */
  start: number;
  rows: number;
  /** per requested layer, rows × D */
  byLayer: Float32Array[];
}

export interface StreamOptions {
  batch?: number;
  threads?: number;
  signal?: AbortSignal;
}

/**
 * Streams the residuals (resid_post of each layer in `layers`) at `positions` in chunks of whole
 * game batches. `onChunk` may be async (a writer).
 */
export async function streamResiduals(
  model: TranscriptModel,
  games: TokenRows,
  positions: TokenPositions,
  layers: readonly number[],
  onChunk: (chunk: ResidualChunk) => void | Promise<void>,
  opts: StreamOptions = {},
): Promise<void> {
  const T = model.config.gpt.context;
  const D = model.config.gpt.d;
  const batch = Math.min(opts.batch ?? 64, Math.max(1, games.count));
  for (let i = 0; i < positions.game.length; i++) {
    if (!(positions.at[i] >= 0 && positions.at[i] < T)) throw new StudioError('bad-input', `token index ${positions.at[i]} is outside the context 0..${T - 1}`, `position ${i}`);
    if (i > 0 && positions.game[i] < positions.game[i - 1]) throw new StudioError('bad-input', 'positions must be ordered by game', `position ${i}`);
  }
  const program = await model.compileInference(batch, { layers, logits: false, threads: opts.threads });
  try {
    let k = 0;
    for (let g0 = 0; g0 < games.count; g0 += batch) {
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'activation extraction was cancelled', `game ${g0}`);
      const ids = new BigInt64Array(batch * T);
      for (let r = 0; r < batch && g0 + r < games.count; r++) {
        const row = games.row(g0 + r);
        for (let t = 0; t < Math.min(T, row.length); t++) ids[r * T + t] = BigInt(row[t]);
      }
      const out = await program.run({ ids });
      const start = k;
      while (k < positions.game.length && positions.game[k] < g0 + batch) k++;
      const rows = k - start;
      const byLayer = layers.map((L) => {
        const resid = out[`resid${L}`] as Float32Array;
        const dst = new Float32Array(rows * D);
        for (let i = 0; i < rows; i++) {
          const src = ((positions.game[start + i] - g0) * T + positions.at[start + i]) * D;
          dst.set(resid.subarray(src, src + D), i * D);
        }
        return dst;
      });
      if (rows > 0) await onChunk({ start, rows, byLayer });
    }
  } finally {
    await program.dispose();
  }
}

/** The (game, ply) of every selected position, in row order. */
export function selectPositions(games: OthelloGames, context: number, sel: PositionSelection = {}): { game: Uint32Array; ply: Uint8Array } {
  const keep = new Uint8Array(context);
  if (sel.plies) {
    for (const p of sel.plies) {
      if (!(Number.isInteger(p) && p >= 0 && p < context)) throw new StudioError('bad-input', `ply ${p} is outside 0..${context - 1}`, 'plies');
      keep[p] = 1;
    }
  } else keep.fill(1);
  const game: number[] = [];
  const ply: number[] = [];
  for (let g = 0; g < games.count; g++) {
    for (let t = 0; t < Math.min(games.lengths[g], context); t++) {
      if (!keep[t]) continue;
      game.push(g);
      ply.push(t);
    }
  }
  return { game: Uint32Array.from(game), ply: Uint8Array.from(ply) };
}

/** Othello-GPT token rows of `games` (the token of ply t sits at index t). */
function othelloTokenRows(games: OthelloGames): TokenRows {
  const tokens = gamesToTokens(games);
  return { count: games.count, row: (g) => tokens.subarray(g * MAX_MOVES, (g + 1) * MAX_MOVES) };
}

/** Streams the selected plies' residuals of Othello games; resolves with the positions read. */
export async function forEachResidualChunk(
  model: TranscriptModel,
  games: OthelloGames,
  layers: readonly number[],
  onChunk: (chunk: ResidualChunk) => void | Promise<void>,
  opts: PositionSelection & StreamOptions = {},
): Promise<{ game: Uint32Array; ply: Uint8Array }> {
  const positions = selectPositions(games, model.config.gpt.context, opts);
  await streamResiduals(model, othelloTokenRows(games), { game: positions.game, at: positions.ply }, layers, onChunk, opts);
  return positions;
}

/** Every position's residuals at `layers`, whole (rows × D per layer; for probes on a few hundred games). */
export async function gatherResiduals(model: TranscriptModel, games: TokenRows, positions: TokenPositions, layers: readonly number[], opts: StreamOptions = {}): Promise<Float32Array[]> {
  const D = model.config.gpt.d;
  const byLayer = layers.map(() => new Float32Array(positions.game.length * D));
  await streamResiduals(model, games, positions, layers, (c) => c.byLayer.forEach((part, li) => byLayer[li].set(part, c.start * D)), opts);
  return byLayer;
}

/** Every selected ply's residuals of Othello games at `layers`, whole. */
export async function collectResiduals(model: TranscriptModel, games: OthelloGames, layers: readonly number[], opts: PositionSelection & { threads?: number } = {}): Promise<{ game: Uint32Array; ply: Uint8Array; byLayer: Float32Array[] }> {
  const positions = selectPositions(games, model.config.gpt.context, opts);
  const byLayer = await gatherResiduals(model, othelloTokenRows(games), { game: positions.game, at: positions.ply }, layers, opts);
  return { ...positions, byLayer };
}
