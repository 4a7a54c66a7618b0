/**
 * Residual-stream activations of a transcript model at chosen layers for a set of Othello
 * games, one row per position in the order `othelloBsps` uses (game by game, ply ascending),
 * so rows align with the board-state labels. All forward passes run through one compiled
 * inference program (no gradient).
 */
import { StudioError } from '../../../shared/errors';
import { MAX_MOVES, gamesToTokens, type OthelloGames } from '../othello';
import type { TranscriptModel } from './model';

export interface PositionSelection {
  /** plies to keep (0-based; ply k is the state after move k); default every ply the model reads */
  plies?: readonly number[];
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

export interface ResidualChunk {
  /** first row of this chunk in the whole selection */
  start: number;
  rows: number;
  /** per requested layer, rows × D */
  byLayer: Float32Array[];
}

/**
 * Streams the selected positions' residuals (resid_post of each layer in `layers`) in chunks
 * of whole game batches. `onChunk` may be async (a writer).
 */
export async function forEachResidualChunk(
  model: TranscriptModel,
  games: OthelloGames,
  layers: readonly number[],
  onChunk: (chunk: ResidualChunk) => void | Promise<void>,
  opts: PositionSelection & { batch?: number; threads?: number; signal?: AbortSignal } = {},
): Promise<{ game: Uint32Array; ply: Uint8Array }> {
  const T = model.config.gpt.context;
  const D = model.config.gpt.d;
  const batch = Math.min(opts.batch ?? 64, Math.max(1, games.count));
  const positions = selectPositions(games, T, opts);
  const tokens = gamesToTokens(games);
  const program = await model.compileInference(batch, { layers, logits: false, threads: opts.threads });
  try {
    let k = 0;
    for (let g0 = 0; g0 < games.count; g0 += batch) {
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'activation extraction was cancelled', `game ${g0}`);
      const ids = new BigInt64Array(batch * T);
      for (let r = 0; r < batch && g0 + r < games.count; r++) {
        for (let t = 0; t < T; t++) ids[r * T + t] = BigInt(tokens[(g0 + r) * MAX_MOVES + t]);
      }
      const out = await program.run({ ids });
      const start = k;
      while (k < positions.game.length && positions.game[k] < g0 + batch) k++;
      const rows = k - start;
      const byLayer = layers.map((L) => {
        const resid = out[`resid${L}`] as Float32Array;
        const dst = new Float32Array(rows * D);
        for (let i = 0; i < rows; i++) {
          const src = ((positions.game[start + i] - g0) * T + positions.ply[start + i]) * D;
          dst.set(resid.subarray(src, src + D), i * D);
        }
        return dst;
      });
      if (rows > 0) await onChunk({ start, rows, byLayer });
    }
  } finally {
    await program.dispose();
  }
  return positions;
}

/** Every selected position's residuals at `layers`, whole (for probes on a few hundred games). */
export async function collectResiduals(model: TranscriptModel, games: OthelloGames, layers: readonly number[], opts: PositionSelection & { threads?: number } = {}): Promise<{ game: Uint32Array; ply: Uint8Array; byLayer: Float32Array[] }> {
  const parts: ResidualChunk[] = [];
  const positions = await forEachResidualChunk(model, games, layers, (c) => void parts.push(c), opts);
  const D = model.config.gpt.d;
  const byLayer = layers.map((_, li) => {
    const all = new Float32Array(positions.game.length * D);
    for (const c of parts) all.set(c.byLayer[li], c.start * D);
    return all;
  });
  return { ...positions, byLayer };
}
