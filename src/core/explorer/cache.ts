import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { BoardScores } from '../../shared/schemas/features';
import { readSafetensors, writeSafetensors } from '../data/safetensors';
import { type SparseActivations, THRESHOLDS } from '../evals/board';
import { SAELENS_CFG, SAELENS_WEIGHTS, SPARSIFY_WEIGHTS, WHITENING_WEIGHTS } from '../sae/checkpoint/files';
import type { ExplorerComputed } from './explorer';
import type { PropertyScore } from './properties';

/** The explorer's caches inside a run folder: one file per dataset and row count. */
export const EXPLORER_CACHE_DIR = 'explorer';
const FORMAT = 'feature-studio-explorer/1';
/** Numbers per kept property: family index, cell, threshold index, precision, recall, F1. */
const PROPERTY_FIELDS = 6;

/**
 * What a cache was computed from. A cache whose key differs from the one asked for is stale:
 * a continued or re-imported checkpoint changes `checkpoint`, a re-made dataset `dataset`.
 */
export const ExplorerCacheKey = z.object({
  runId: z.string(),
  datasetId: z.string(),
  /** rows asked for (the rows explored are at most this many) */
  maxRows: z.number().int(),
  checkpoint: z.string(),
  /** the dataset's createdAt */
  dataset: z.string(),
});
export type ExplorerCacheKey = z.infer<typeof ExplorerCacheKey>;

export interface ExplorerCache extends ExplorerComputed {
  key: ExplorerCacheKey;
  rows: number;
  boardScores: BoardScores;
}

export const explorerCacheFile = (runFolder: string, datasetId: string, maxRows: number): string =>
  path.join(runFolder, EXPLORER_CACHE_DIR, `${datasetId}.${maxRows}.safetensors`);

/** Size and modification time of the checkpoint's files: any rewrite of the weights changes it. */
export async function checkpointFingerprint(runFolder: string): Promise<string> {
  const parts: string[] = [];
  for (const file of [SAELENS_CFG, SAELENS_WEIGHTS, SPARSIFY_WEIGHTS, WHITENING_WEIGHTS]) {
    const stat = await fs.stat(path.join(runFolder, file)).catch(() => null);
    if (stat) parts.push(`${file}:${stat.size}:${stat.mtimeMs}`);
  }
  return parts.join(';');
}

/**
 * Writes a cache (atomically, through writeSafetensors). Codes are stored as per-row counts,
 * feature indices and values, all exact in float32 (counts and indices stay below 2^24);
 * property scores keep float32 precision, the threshold by its index in THRESHOLDS.
 */
export async function writeExplorerCache(file: string, cache: ExplorerCache): Promise<void> {
  const { codes, properties, rows } = cache;
  const rowCounts = new Float32Array(rows);
  for (let r = 0; r < rows; r++) rowCounts[r] = codes.rowStart[r + 1] - codes.rowStart[r];
  const families = [...new Set(properties.flat().map((p) => p.family))];
  const keep = properties.reduce((k, p) => Math.max(k, p.length), 1);
  const props = new Float32Array(codes.features * keep * PROPERTY_FIELDS).fill(-1);
  properties.forEach((list, i) =>
    list.forEach((p, j) => props.set([families.indexOf(p.family), p.cell, THRESHOLDS.indexOf(p.threshold), p.precision, p.recall, p.f1], (i * keep + j) * PROPERTY_FIELDS)),
  );
  await writeSafetensors(
    file,
    {
      row_counts: { shape: [rows], data: rowCounts },
      index: { shape: [codes.index.length], data: Float32Array.from(codes.index) },
      value: { shape: [codes.value.length], data: codes.value },
      properties: { shape: [codes.features, keep, PROPERTY_FIELDS], data: props },
    },
    { format: FORMAT, key: JSON.stringify(cache.key), families: JSON.stringify(families), boardScores: JSON.stringify(cache.boardScores) },
  );
}

/**
 * The cache at `file` when it was computed from exactly `key`; null when it is missing, stale
 * or unreadable (a cache is recomputed, never trusted or repaired).
 */
export async function readExplorerCache(file: string, key: ExplorerCacheKey): Promise<ExplorerCache | null> {
  let read: Awaited<ReturnType<typeof readSafetensors>>;
  try {
    read = await readSafetensors(file);
  } catch {
    return null;
  }
  const { tensors, metadata } = read;
  if (metadata.format !== FORMAT || metadata.key !== JSON.stringify(key)) return null;
  const { row_counts: counts, index, value, properties } = tensors;
  if (!counts || !index || !value || !properties || properties.shape.length !== 3) return null;
  const rows = counts.data.length;
  const rowStart = new Uint32Array(rows + 1);
  for (let r = 0; r < rows; r++) rowStart[r + 1] = rowStart[r] + counts.data[r];
  if (rowStart[rows] !== index.data.length || index.data.length !== value.data.length) return null;
  const [features, keep] = properties.shape;
  const codes: SparseActivations = { rowStart, index: Uint32Array.from(index.data), value: value.data, features };
  const families = JSON.parse(metadata.families) as string[];
  const scores: PropertyScore[][] = Array.from({ length: features }, (_, i) => {
    const list: PropertyScore[] = [];
    for (let j = 0; j < keep; j++) {
      const [fam, cell, k, precision, recall, f1] = properties.data.subarray((i * keep + j) * PROPERTY_FIELDS, (i * keep + j + 1) * PROPERTY_FIELDS);
      if (fam < 0) break;
      list.push({ family: families[fam], cell, threshold: THRESHOLDS[k], precision, recall, f1 });
    }
    return list;
  });
  return { key, rows, codes, properties: scores, boardScores: BoardScores.parse(JSON.parse(metadata.boardScores)) };
}
