/**
 * The transcript model the demo reads activations from: the shipped model of the game. When
 * the Othello one is missing, a small one is trained here on fresh random games (same tokens,
 * loss and schedule as the shipped recipe, fewer steps) and saved into the project's models
 * folder; the chess one has no such fallback (its training data is a file, not a generator).
 */
import path from 'node:path';
import type { BoardGame } from '../../shared/schemas/dataset';
import { StudioError } from '../../shared/errors';
import { BLOCK_SIZE, VOCAB_SIZE } from '../games/othello';
import type { TranscriptModel } from '../games/lm/model';
import { OTHELLO_TRAINING, othelloHeldOutGames, othelloLegalMoveAccuracy, othelloTrainingBatch } from '../games/lm/othello';
import { saveModelDir, trainRecipe, type Recipe } from '../games/lm/recipe';
import { bestProbeLayer, expectGame, loadModelDir, shippedModelDir } from '../games/lm/shipped';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import type { DemoPlan } from './sizes';
import type { StageReporter } from './progress';

export interface DemoModel {
  model: TranscriptModel;
  origin: 'shipped' | 'trained';
  /** the layer whose residual stream the SAEs read */
  layer: number;
  /** legal-move rate on held-out games, as measured for this model (Othello: top-1 next move; chess: at move starts) */
  legalMoveAccuracy: number | null;
}

/** The metric of config.json that holds each game's legal-move rate. */
const LEGAL_MOVE_METRIC: Record<BoardGame, string> = { othello: 'legalMoveAccuracy', chess: 'legalMoveAccuracyAtMoveStarts' };

/** The fallback model: the shipped recipe on a smaller GPT, small enough to train in a minute or two on 2 cores. */
export function fallbackRecipe(plan: DemoPlan): Recipe {
  return {
    model: { game: 'othello', seed: 44, gpt: { vocab: VOCAB_SIZE, context: BLOCK_SIZE, d: 64, heads: 4, layers: 2 } },
    training: {
      ...OTHELLO_TRAINING,
      batch: plan.modelBatch,
      schedule: { ...OTHELLO_TRAINING.schedule, steps: plan.modelSteps, warmupSteps: Math.round(plan.modelSteps / 20) },
    },
  };
}

export async function demoModel(project: Project, plan: DemoPlan, stage: StageReporter, opts: { game: BoardGame; threads: number; modelDir?: string; layer?: number; signal?: AbortSignal }): Promise<DemoModel> {
  const chosen = (model: TranscriptModel, fallback: number): number => {
    if (opts.layer === undefined) return fallback;
    if (opts.layer >= model.config.gpt.layers) throw new StudioError('bad-input', `the model has layers 0–${model.config.gpt.layers - 1}, got layer ${opts.layer}`, '--layer');
    return opts.layer;
  };
  const dir = opts.modelDir ?? shippedModelDir(opts.game);
  try {
    const { model, info } = await loadModelDir(dir);
    expectGame(model, opts.game, dir);
    const acc = info.metrics[LEGAL_MOVE_METRIC[opts.game]];
    return { model, origin: 'shipped', layer: chosen(model, bestProbeLayer(model, info.metrics)), legalMoveAccuracy: typeof acc === 'number' ? acc : null };
  } catch (err) {
    if (opts.game === 'chess' || !(err instanceof StudioError && err.code === 'not-found')) throw err;
  }
  const recipe = fallbackRecipe(plan);
  const { steps } = recipe.training.schedule;
  const run = await trainRecipe(recipe, (step) => othelloTrainingBatch(recipe.model.seed, step, recipe.training.batch), {
    threads: opts.threads,
    signal: opts.signal,
    onStep: (step, loss) => stage.update(step + 1, steps, { loss }),
  });
  const legalMoveAccuracy = await othelloLegalMoveAccuracy(run.model, othelloHeldOutGames(100), { threads: opts.threads });
  const id = newEntryId('othello model', new Set(project.manifest.models.map((m) => m.id)));
  await saveModelDir(path.join(project.dir, 'models', id), run, recipe, { legalMoveAccuracy, legalMoveGames: 100 }, opts.threads);
  await project.update((m) => void m.models.push({ id, name: `Othello transcript model (d ${recipe.model.gpt.d}, ${recipe.model.gpt.layers} layers)`, createdAt: new Date().toISOString() }));
  return { model: run.model, origin: 'trained', layer: chosen(run.model, bestProbeLayer(run.model, {})), legalMoveAccuracy };
}
