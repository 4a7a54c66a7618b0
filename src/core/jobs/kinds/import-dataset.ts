import path from 'node:path';
import { z } from 'zod';
import { DatasetMeta, Dtype } from '../../../shared/schemas/dataset';
import { importMatrix } from '../../data/import';
import { ENTRY_ID_PATTERN } from '../../project/ids';
import { defineJobKind } from '../kind';
import { commitDataset } from './commit-dataset';

/** Copies an activation matrix (any format of data/importReaders.ts) into the project as sharded .npy. */
export const importDatasetKind = defineJobKind({
  kind: 'import-dataset',
  doc: 'Import an activation matrix (.npy, .npz, .safetensors, .pt, CSV, parquet, Arrow, a folder of shards) into datasets/<id>/.',
  params: z.object({
    /** absolute path of the file to import (already confined by the front door) */
    source: z.string().min(1),
    /** the tensor (or column) to import, where the file holds several */
    tensor: z.string().optional(),
    name: z.string().min(1),
    id: z.string().regex(ENTRY_ID_PATTERN),
    /** shard storage type; float16 halves disk use */
    dtype: Dtype.optional(),
    /** absolute path of a token sidecar for the rows (data/tokens.ts), stored as the dataset's tokens.json */
    tokens: z.string().min(1).optional(),
  }),
  result: DatasetMeta,
  pathParams: ['source', 'tokens'],
  title: (p) => `Import ${path.basename(p.source)}${p.tensor ? ` (${p.tensor})` : ''}`,
  async run(ctx) {
    const { source, tensor, name, id, dtype, tokens } = ctx.params;
    ctx.log(`importing ${source}${tensor ? ` tensor ${tensor}` : ''}`);
    const meta = await importMatrix({
      source,
      tensor,
      name,
      id,
      dtype,
      tokens,
      datasetDir: path.join(ctx.workDir, id),
      signal: ctx.signal,
      onProgress: (done, total, unit) => ctx.progress(done, total, { unit }),
    });
    ctx.log(`imported ${meta.rows} rows × ${meta.dims} dims (${meta.shards.length} shards)`);
    for (const note of meta.source.notes ?? []) ctx.log(`note: ${note}`);
    return meta;
  },
  commit: commitDataset,
});
