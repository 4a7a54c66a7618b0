import path from 'node:path';
import { z } from 'zod';
import { DatasetMeta, Dtype } from '../../../shared/schemas/dataset';
import { StudioError } from '../../../shared/errors';
import { createDatasetWriter } from '../../data/writer';
import { writeNpy } from '../../data/npy';
import { Rng } from '../../io/rng';
import { codesTimesDirections, DEFAULT_TOY, generateToy, validateToyConfig, type ToyConfig } from '../../evals/toy';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind } from '../kind';
import { commitDataset } from './commit-dataset';

/** The ground-truth directions beside the shards: features × dims float32. */
export const TOY_FEATURES_FILE = 'ground-truth-features.npy';
/** Rows generated, written and reported at a time: bounded memory for any dataset size. */
const CHUNK_ROWS = 4096;

const Magnitude = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant'), value: z.number() }),
  z.object({ kind: z.literal('uniform'), min: z.number(), max: z.number() }),
  z.object({ kind: z.literal('halfnormal'), mean: z.number() }),
  z.object({ kind: z.literal('exponential'), mean: z.number() }),
]);

/** The toy benchmark's config (evals/toy, ALGORITHMS.md §3 "Toy recovery"), named as datasets are. */
const ToyParams = z
  .object({
    name: z.string().min(1).default('toy superposition'),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    rows: z.number().int().positive().max(1e9).default(DEFAULT_TOY.rows),
    dims: z.number().int().positive().max(65_536).default(DEFAULT_TOY.d),
    /** more features than dims puts them in superposition */
    features: z.number().int().positive().max(100_000).default(DEFAULT_TOY.nFeatures),
    /** chance a feature fires on a row: one for all, or one per feature */
    firingProb: z.union([z.number(), z.array(z.number())]).default(DEFAULT_TOY.firingProb as number),
    magnitude: Magnitude.default(DEFAULT_TOY.magnitude as z.infer<typeof Magnitude>),
    correlation: z.object({ groupSize: z.number().int(), rho: z.number() }).optional(),
    hierarchy: z.object({ parents: z.number().int(), childrenPerParent: z.number().int(), childProb: z.number(), exclusive: z.boolean().optional() }).optional(),
    seed: z.number().int().default(0),
    dtype: Dtype.default('float32'),
  })
  .strict()
  .superRefine((p, ctx) => {
    try {
      validateToyConfig(toToyConfig(p, 1, p.seed));
    } catch (err) {
      if (!(err instanceof StudioError)) throw err;
      ctx.addIssue({ code: 'custom', message: err.detail, path: [(err.where ?? '').replace(/^toy\./, '')] });
    }
  });
type ToyParams = z.output<typeof ToyParams>;

function toToyConfig(p: ToyParams, rows: number, seed: number): ToyConfig {
  return { d: p.dims, nFeatures: p.features, firingProb: p.firingProb, magnitude: p.magnitude, correlation: p.correlation, hierarchy: p.hierarchy, rows, seed };
}

/**
 * Synthetic activations with known sparse features in superposition, from the toy benchmark
 * generator. It is streamed in chunks so any size fits in memory: the directions come from
 * the job's seed, and each chunk's sparse codes from a seed drawn in turn from it, so the
 * same params always give the same dataset.
 */
export const toyDatasetKind = defineJobKind({
  kind: 'toy-dataset',
  doc: 'Generate synthetic activations with known sparse features in superposition (the ground-truth directions are saved beside them).',
  params: ToyParams,
  result: DatasetMeta,
  title: (p) => `Toy dataset: ${p.rows} × ${p.dims}, ${p.features} features`,
  async run(ctx) {
    const p = ctx.params;
    const id = p.id ?? newEntryId(p.name);
    const { directions } = generateToy(toToyConfig(p, 1, p.seed));
    const chunkSeeds = new Rng(p.seed);
    const datasetDir = path.join(ctx.workDir, id);
    const writer = await createDatasetWriter(datasetDir, { dims: p.dims, dtype: p.dtype });
    try {
      for (let done = 0; done < p.rows; ) {
        ctx.throwIfCancelled();
        const n = Math.min(CHUNK_ROWS, p.rows - done);
        const { codes } = generateToy(toToyConfig(p, n, chunkSeeds.nextU32()));
        await writer.append(codesTimesDirections(codes, directions, n, p.dims));
        done += n;
        ctx.progress(done, p.rows, { unit: 'rows' });
      }
      ctx.throwIfCancelled();
    } catch (err) {
      await writer.abort();
      throw err;
    }
    const meta = await writer.finish({
      id,
      name: p.name,
      source: { kind: 'toy-superposition', seed: p.seed, features: p.features, firingProb: p.firingProb, magnitude: p.magnitude },
      labels: [{ name: 'ground-truth features', file: TOY_FEATURES_FILE }],
    });
    await writeNpy(path.join(datasetDir, TOY_FEATURES_FILE), directions, [p.features, p.dims]);
    ctx.log(`generated ${meta.rows} rows × ${p.dims} dims from ${p.features} features`);
    return meta;
  },
  commit: commitDataset,
});
