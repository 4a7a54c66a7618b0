/**
 * Othello activation extraction (issue 5): residual-stream activations of a transcript model
 * at one layer for a set of Othello games, written with the board-state labels alongside in
 * the layout of `labelled-dataset.ts`.
 */
import path from 'node:path';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { othelloBsps, type OthelloFamilyName, type OthelloGames } from '../othello';
import type { BspFamily } from '../family';
import { readBoardLabels, writeLabelledDataset } from './labelled-dataset';
import type { TranscriptModel } from './model';
import { forEachResidualChunk, selectPositions, type PositionSelection } from './residuals';

export { LABELS_INDEX_FILE, type LabelsIndex } from './labelled-dataset';

export interface ExtractOptions extends PositionSelection {
  model: TranscriptModel;
  games: OthelloGames;
  /** resid_post of this block (0-based); −1 is the embedding output */
  layer: number;
  /** the dataset folder to create (must not exist) */
  datasetDir: string;
  id?: string;
  name?: string;
  families?: readonly OthelloFamilyName[];
  /** the paper's parity rule for mine/yours (wrong after passes); default false */
  parity?: boolean;
  dtype?: 'float32' | 'float16';
  /** share of rows (from the start) for training, the rest validation; default 0.9 */
  trainFraction?: number;
  batch?: number;
  threads?: number;
  signal?: AbortSignal;
  /** rows written so far of the total, after each batch of games */
  onProgress?(rows: number, total: number): void;
}

export async function extractOthelloActivations(opts: ExtractOptions): Promise<DatasetMeta> {
  const { model, games, layer, datasetDir } = opts;
  const selected = selectPositions(games, model.config.gpt.context, opts);
  const bsps = othelloBsps(games, { maxPlies: model.config.gpt.context, parity: opts.parity, families: opts.families });
  return writeLabelledDataset({
    datasetDir,
    dims: model.config.gpt.d,
    dtype: opts.dtype,
    id: opts.id ?? path.basename(datasetDir),
    name: opts.name ?? `Othello resid_post layer ${layer}`,
    game: 'othello',
    source: { kind: 'othello-model', layer: String(layer), games: String(games.count), d: String(model.config.gpt.d), context: String(model.config.gpt.context) },
    trainFraction: opts.trainFraction,
    labels: { ...selected, families: bsps.families.map((f) => keepRows(f, bsps, selected)) },
    rows: (append) => forEachResidualChunk(model, games, [layer], append, opts).then(() => undefined),
    onProgress: opts.onProgress,
  });
}

/** Reads back the labels of an extracted dataset; the layout is the same for every game. */
export const readOthelloLabels = readBoardLabels;

/** The family's rows at the selected positions (othelloBsps holds every ply, in the same game order). */
function keepRows(f: BspFamily, all: { game: Uint32Array; ply: Uint8Array }, sel: { game: Uint32Array; ply: Uint8Array }): BspFamily {
  const cells = f.rows * f.cols * f.classes;
  const data = new Uint8Array(sel.game.length * cells);
  let j = 0;
  for (let i = 0; i < all.game.length && j < sel.game.length; i++) {
    if (all.game[i] !== sel.game[j] || all.ply[i] !== sel.ply[j]) continue;
    data.set(f.data.subarray(i * cells, (i + 1) * cells), j * cells);
    j++;
  }
  return { ...f, data };
}
