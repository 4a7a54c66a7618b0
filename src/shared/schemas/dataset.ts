import { z } from 'zod';

export const Dtype = z.enum(['float32', 'float16']);
export type Dtype = z.infer<typeof Dtype>;

/** Summary statistics computed once at import, so the Datasets screen never rescans shards. */
export const DatasetStats = z.object({
  /** per-dimension mean and standard deviation (length = dims) */
  mean: z.array(z.number()),
  std: z.array(z.number()),
  /** histogram of row L2 norms: `counts[i]` rows fall in [edges[i], edges[i+1]) */
  normHistogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()) }),
});
export type DatasetStats = z.infer<typeof DatasetStats>;

/** The board games whose transcripts the studio extracts activations from. */
export const BoardGame = z.enum(['othello', 'chess']);
export type BoardGame = z.infer<typeof BoardGame>;

/** Files and folders an activation import reads (docs/formats.md). */
export const ImportFormat = z.enum(['npy', 'npz', 'safetensors', 'csv', 'shards', 'arrow', 'parquet', 'pt']);
export type ImportFormat = z.infer<typeof ImportFormat>;

export const DatasetShard = z.object({ file: z.string(), rows: z.number().int().nonnegative() });

/** datasets/<id>/meta.json */
export const DatasetMeta = z.object({
  id: z.string(),
  name: z.string(),
  rows: z.number().int().nonnegative(),
  dims: z.number().int().positive(),
  dtype: Dtype,
  shards: z.array(DatasetShard),
  /** where the rows came from: an imported file (and tensor), or a studio job */
  source: z
    .object({
      kind: z.string(),
      path: z.string().optional(),
      tensor: z.string().optional(),
      /** what the import converted on the way in (float64 narrowed, shards joined, …) */
      notes: z.array(z.string()).optional(),
    })
    .passthrough(),
  /** rows [0, trainRows) train, the rest validation */
  split: z.object({ trainRows: z.number().int().nonnegative() }),
  labels: z.array(z.object({ name: z.string(), file: z.string() })).default([]),
  /** the game whose board-state labels the rows carry (an extraction); absent for imported rows */
  game: BoardGame.optional(),
  /** the token sidecar's size (data/tokens.ts), when the rows came with one */
  tokens: z.object({ sequences: z.number().int().nonnegative(), tokens: z.number().int().nonnegative() }).optional(),
  stats: DatasetStats.optional(),
  createdAt: z.string(),
});
export type DatasetMeta = z.infer<typeof DatasetMeta>;
