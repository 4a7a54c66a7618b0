import path from 'node:path';
import { z } from 'zod';
import { DatasetMeta, Dtype } from '../../../shared/schemas/dataset';
import { StudioError } from '../../../shared/errors';
import { OTHELLO_FAMILIES, generateGames } from '../../games/othello';
import { extractOthelloActivations } from '../../games/lm/extract';
import { loadModelDir, loadOthelloModel } from '../../games/lm/shipped';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind } from '../kind';
import { commitDataset } from './commit-dataset';

const ExtractParams = z
  .object({
    name: z.string().min(1).default('Othello activations'),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** a model of this project (models/<id>/); absent: the shipped Othello model */
    modelId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** resid_post of this block (0-based); −1 is the embedding output */
    layer: z.number().int().min(-1),
    games: z.number().int().positive().max(1_000_000).default(1000),
    /** seed of the random-legal-move games */
    seed: z.number().int().nonnegative().default(0),
    /** plies to keep (0-based); absent: every ply the model reads */
    plies: z.array(z.number().int().nonnegative()).min(1).optional(),
    families: z.array(z.enum(OTHELLO_FAMILIES)).min(1).optional(),
    dtype: Dtype.default('float32'),
  })
  .strict();

/**
 * Residual-stream activations of an Othello transcript model on seeded random games, written as
 * a dataset with the board-state labels alongside (rows aligned; see games/lm/extract.ts).
 */
export const extractActivationsKind = defineJobKind({
  kind: 'extract-activations',
  doc: 'Run an Othello transcript model on seeded random games and save resid_post activations of one layer with board-state labels as datasets/<id>/.',
  params: ExtractParams,
  result: DatasetMeta,
  title: (p) => `Extract layer ${p.layer} activations of ${p.games} Othello games`,
  async run(ctx) {
    const p = ctx.params;
    const model = p.modelId ? (await loadModelDir(path.join(ctx.projectDir, 'models', p.modelId))).model : await loadOthelloModel();
    if (model.config.game !== 'othello') throw new StudioError('bad-input', `model "${p.modelId}" is a ${model.config.game} model`, 'modelId');
    const id = p.id ?? newEntryId(p.name);
    const games = generateGames(p.games, p.seed);
    const meta = await extractOthelloActivations({
      model,
      games,
      layer: p.layer,
      datasetDir: path.join(ctx.workDir, id),
      id,
      name: p.name,
      plies: p.plies,
      families: p.families,
      dtype: p.dtype,
      signal: ctx.signal,
      onProgress: (rows, total) => ctx.progress(rows, total, { unit: 'rows' }),
    });
    ctx.log(`wrote ${meta.rows} rows × ${meta.dims} dims with labels ${meta.labels.map((l) => l.name).join(', ')}`);
    return meta;
  },
  commit: commitDataset,
});
