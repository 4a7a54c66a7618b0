import path from 'node:path';
import { z } from 'zod';
import { DatasetMeta, Dtype } from '../../../shared/schemas/dataset';
import { createDatasetWriter } from '../../data/writer';
import { writeNpy } from '../../data/npy';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind } from '../kind';
import { commitDataset } from './commit-dataset';
import { ToySuperposition } from './toy-superposition';

/** The ground-truth directions beside the shards: features × dims float32. */
export const TOY_FEATURES_FILE = 'ground-truth-features.npy';
/** Rows generated per progress report and write. */
const CHUNK_ROWS = 4096;

export const toyDatasetKind = defineJobKind({
  kind: 'toy-dataset',
  doc: 'Generate synthetic activations with known sparse features in superposition (ground truth saved beside them).',
  params: z.object({
    name: z.string().min(1).default('toy superposition'),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    rows: z.number().int().positive().max(1e9).default(20_000),
    dims: z.number().int().positive().max(65_536).default(64),
    features: z.number().int().positive().max(1_000_000).default(512),
    /** chance a feature is active in a row (Elhage et al.'s 1 − S) */
    activeProbability: z.number().gt(0).max(1).default(0.01),
    seed: z.number().int().default(0),
    dtype: Dtype.default('float32'),
  }),
  result: DatasetMeta,
  title: (p) => `Toy dataset: ${p.rows} × ${p.dims}, ${p.features} features`,
  async run(ctx) {
    const p = ctx.params;
    const id = p.id ?? newEntryId(p.name);
    const toy = new ToySuperposition({ dims: p.dims, features: p.features, activeProbability: p.activeProbability, seed: p.seed });
    const datasetDir = path.join(ctx.workDir, id);
    const writer = await createDatasetWriter(datasetDir, { dims: p.dims, dtype: p.dtype });
    const chunk = new Float32Array(Math.min(CHUNK_ROWS, p.rows) * p.dims);
    try {
      for (let done = 0; done < p.rows; ) {
        ctx.throwIfCancelled();
        const n = Math.min(CHUNK_ROWS, p.rows - done);
        toy.sample(n, chunk);
        await writer.append(chunk.subarray(0, n * p.dims));
        done += n;
        ctx.progress(done, p.rows, { unit: 'rows' });
      }
      ctx.throwIfCancelled();
    } catch (err) {
      await writer.abort();
      throw err;
    }
    const { name, seed, dims, features, activeProbability } = p;
    const meta = await writer.finish({
      id,
      name,
      source: { kind: 'toy-superposition', seed, features, activeProbability },
      labels: [{ name: 'ground-truth features', file: TOY_FEATURES_FILE }],
    });
    await writeNpy(path.join(datasetDir, TOY_FEATURES_FILE), toy.directionsFD, [features, dims]);
    ctx.log(`generated ${meta.rows} rows × ${dims} dims from ${features} features`);
    return meta;
  },
  commit: commitDataset,
});
