/**
 * Activation extraction (issue 5): residual-stream activations of a transcript model at one
 * layer for a set of Othello games, written as a dataset (the data module's writer) with the
 * board-state labels alongside, rows aligned with the activation rows:
 *   labels-<family>.bin   uint8, positions × rows × cols × classes (one-hot / 0-1 cells)
 *   positions-game.bin    uint32 little-endian, the game of each row
 *   positions-ply.bin     uint8, the ply of each row (the state after that move)
 *   labels.json           the shapes of the above
 * The families are registered in meta.json's `labels` list.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { META_FILE, createDatasetWriter } from '../../data/writer';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import { othelloBsps, type OthelloFamilyName, type OthelloGames } from '../othello';
import type { BspFamily } from '../family';
import type { TranscriptModel } from './model';
import { forEachResidualChunk, selectPositions, type PositionSelection } from './residuals';

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

export interface LabelsIndex {
  rows: number;
  families: { name: string; file: string; rows: number; cols: number; classes: number; maskIdx?: number }[];
  game: string;
  ply: string;
}

export const LABELS_INDEX_FILE = 'labels.json';

export async function extractOthelloActivations(opts: ExtractOptions): Promise<DatasetMeta> {
  const { model, games, layer, datasetDir } = opts;
  const selected = selectPositions(games, model.config.gpt.context, opts);
  const bsps = othelloBsps(games, { maxPlies: model.config.gpt.context, parity: opts.parity, families: opts.families });
  const families = bsps.families.map((f) => keepRows(f, bsps, selected));
  const writer = await createDatasetWriter(datasetDir, { dims: model.config.gpt.d, dtype: opts.dtype });
  try {
    await forEachResidualChunk(
      model,
      games,
      [layer],
      async (chunk) => {
        await writer.append(chunk.byLayer[0]);
        opts.onProgress?.(writer.rows, selected.game.length);
      },
      opts,
    );
  } catch (err) {
    await writer.abort();
    throw err;
  }
  const labelFile = (name: string) => `labels-${name}.bin`;
  const meta = await writer.finish({
    id: opts.id ?? path.basename(datasetDir),
    name: opts.name ?? `Othello resid_post layer ${layer}`,
    source: { kind: 'othello-model', layer: String(layer), games: String(games.count), d: String(model.config.gpt.d) },
    trainFraction: opts.trainFraction,
  });
  // The writer moves the folder into place at the end; labels follow, each file atomic, and
  // meta.json lists them only once they are all on disk.
  for (const f of families) await writeFileAtomic(path.join(datasetDir, labelFile(f.name)), f.data);
  await writeFileAtomic(path.join(datasetDir, 'positions-game.bin'), new Uint8Array(selected.game.buffer, selected.game.byteOffset, selected.game.byteLength));
  await writeFileAtomic(path.join(datasetDir, 'positions-ply.bin'), selected.ply);
  const index: LabelsIndex = {
    rows: selected.game.length,
    families: families.map((f) => ({ name: f.name, file: labelFile(f.name), rows: f.rows, cols: f.cols, classes: f.classes, ...(f.maskIdx === undefined ? {} : { maskIdx: f.maskIdx }) })),
    game: 'positions-game.bin',
    ply: 'positions-ply.bin',
  };
  await writeJsonAtomic(path.join(datasetDir, LABELS_INDEX_FILE), index);
  const withLabels: DatasetMeta = { ...meta, labels: families.map((f) => ({ name: f.name, file: labelFile(f.name) })) };
  await writeJsonAtomic(path.join(datasetDir, META_FILE), withLabels);
  return withLabels;
}

/** Reads back the labels of an extracted dataset, aligned with its rows. */
export async function readOthelloLabels(datasetDir: string): Promise<{ game: Uint32Array; ply: Uint8Array; families: BspFamily[] }> {
  const index = JSON.parse(await fs.readFile(path.join(datasetDir, LABELS_INDEX_FILE), 'utf8')) as LabelsIndex;
  const gameBytes = await fs.readFile(path.join(datasetDir, index.game));
  const game = new Uint32Array(gameBytes.buffer.slice(gameBytes.byteOffset, gameBytes.byteOffset + gameBytes.byteLength));
  const ply = new Uint8Array(await fs.readFile(path.join(datasetDir, index.ply)));
  const families: BspFamily[] = [];
  for (const f of index.families) {
    const data = new Uint8Array(await fs.readFile(path.join(datasetDir, f.file)));
    families.push({ name: f.name, rows: f.rows, cols: f.cols, classes: f.classes, ...(f.maskIdx === undefined ? {} : { maskIdx: f.maskIdx }), data });
  }
  return { game, ply, families };
}

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
