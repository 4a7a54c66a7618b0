/**
 * The dataset layout of an activation extraction (issue 5), shared by every game: the rows
 * through the data module's writer, and beside them the board-state labels, rows aligned:
 *   labels-<family>.bin   uint8, positions × rows × cols × classes (one-hot / 0-1 cells)
 *   positions-game.bin    uint32 little-endian, the game of each row
 *   positions-ply.bin     uint8, the ply of each row (Othello: the state after that move;
 *                         chess: the number of moves played)
 *   labels.json           the shapes of the above
 * The families are registered in meta.json's `labels` list, and meta.json's `game` names the game.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { BoardGame, DatasetMeta } from '../../../shared/schemas/dataset';
import { META_FILE, createDatasetWriter } from '../../data/writer';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import type { BspFamily } from '../family';
import type { ResidualChunk } from './residuals';

export interface LabelsIndex {
  rows: number;
  families: { name: string; file: string; rows: number; cols: number; classes: number; maskIdx?: number }[];
  game: string;
  ply: string;
}

export const LABELS_INDEX_FILE = 'labels.json';

/** Board-state labels of the extracted rows, one entry per row. */
export interface BoardLabels {
  game: Uint32Array;
  ply: Uint8Array;
  families: BspFamily[];
}

export interface LabelledDatasetOptions {
  datasetDir: string;
  dims: number;
  dtype?: 'float32' | 'float16';
  id: string;
  name: string;
  game: BoardGame;
  source: DatasetMeta['source'];
  trainFraction?: number;
  labels: BoardLabels;
  /** feeds every row, in label order, to `append` */
  rows(append: (chunk: ResidualChunk) => Promise<void>): Promise<void>;
  onProgress?(rows: number, total: number): void;
}

/** Writes the rows, then the labels beside them; a failure while writing rows leaves nothing behind. */
export async function writeLabelledDataset(opts: LabelledDatasetOptions): Promise<DatasetMeta> {
  const { datasetDir, labels } = opts;
  const total = labels.game.length;
  const writer = await createDatasetWriter(datasetDir, { dims: opts.dims, dtype: opts.dtype });
  try {
    await opts.rows(async (chunk) => {
      await writer.append(chunk.byLayer[0]);
      opts.onProgress?.(writer.rows, total);
    });
  } catch (err) {
    await writer.abort();
    throw err;
  }
  const meta = await writer.finish({ id: opts.id, name: opts.name, source: opts.source, trainFraction: opts.trainFraction });
  // The writer moves the folder into place at the end; labels follow, each file atomic, and
  // meta.json lists them only once they are all on disk.
  const labelFile = (name: string) => `labels-${name}.bin`;
  for (const f of labels.families) await writeFileAtomic(path.join(datasetDir, labelFile(f.name)), f.data);
  await writeFileAtomic(path.join(datasetDir, 'positions-game.bin'), new Uint8Array(labels.game.buffer, labels.game.byteOffset, labels.game.byteLength));
  await writeFileAtomic(path.join(datasetDir, 'positions-ply.bin'), labels.ply);
  const index: LabelsIndex = {
    rows: total,
    families: labels.families.map((f) => ({ name: f.name, file: labelFile(f.name), rows: f.rows, cols: f.cols, classes: f.classes, ...(f.maskIdx === undefined ? {} : { maskIdx: f.maskIdx }) })),
    game: 'positions-game.bin',
    ply: 'positions-ply.bin',
  };
  await writeJsonAtomic(path.join(datasetDir, LABELS_INDEX_FILE), index);
  const withLabels: DatasetMeta = { ...meta, game: opts.game, labels: labels.families.map((f) => ({ name: f.name, file: labelFile(f.name) })) };
  await writeJsonAtomic(path.join(datasetDir, META_FILE), withLabels);
  return withLabels;
}

/** Reads back the labels of an extracted dataset (any game), aligned with its rows. */
export async function readBoardLabels(datasetDir: string): Promise<BoardLabels> {
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
