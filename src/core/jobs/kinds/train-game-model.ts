import path from 'node:path';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { OTHELLO_MODEL, OTHELLO_TRAINING, othelloHeldOutGames, othelloLegalMoveAccuracy, othelloProbeAccuracies, othelloTrainingBatch } from '../../games/lm/othello';
import { saveModelDir, trainRecipe, type Recipe } from '../../games/lm/recipe';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind, type CommitContext } from '../kind';

const TrainParams = z
  .object({
    name: z.string().min(1).default('Othello transcript model'),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    game: z.literal('othello').default('othello'),
    d: z.number().int().positive().max(1024).default(OTHELLO_MODEL.gpt.d),
    layers: z.number().int().positive().max(16).default(OTHELLO_MODEL.gpt.layers),
    heads: z.number().int().positive().max(32).default(OTHELLO_MODEL.gpt.heads),
    steps: z.number().int().positive().max(1_000_000).default(OTHELLO_TRAINING.schedule.steps),
    batch: z.number().int().positive().max(4096).default(OTHELLO_TRAINING.batch),
    peakLr: z.number().positive().max(1).default(OTHELLO_TRAINING.schedule.peakLr),
    target: z.enum(['next-token', 'distribution']).default(OTHELLO_TRAINING.target),
    seed: z.number().int().nonnegative().default(OTHELLO_MODEL.seed),
    /** legal-move accuracy on held-out games every this many steps (and at the end) */
    evalEvery: z.number().int().positive().default(100),
    evalGames: z.number().int().positive().max(10_000).default(200),
    threads: z.number().int().positive().max(64).optional(),
  })
  .strict()
  .refine((p) => p.d % p.heads === 0, { message: 'the model width must be divisible by the number of heads', path: ['heads'] });

const TrainResult = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  legalMoveAccuracy: z.number(),
  probeAccuracyByLayer: z.array(z.number()),
  trainingSeconds: z.number(),
});
type TrainResult = z.infer<typeof TrainResult>;

/**
 * Trains an Othello transcript GPT (src/core/games/lm) with live loss and held-out legal-move
 * accuracy, then probes every layer for mine/theirs/empty; the weights and config.json land in
 * models/<id>/.
 */
export const trainGameModelKind = defineJobKind({
  kind: 'train-game-model',
  doc: 'Train a GPT on Othello transcripts (next-token loss); reports loss, legal-move accuracy and per-layer board probes; saves models/<id>/.',
  params: TrainParams,
  result: TrainResult,
  title: (p) => `Train ${p.game} model d=${p.d} × ${p.layers} layers, ${p.steps} steps`,
  async run(ctx) {
    const p = ctx.params;
    const id = p.id ?? newEntryId(p.name);
    const threads = p.threads ?? 2;
    const recipe: Recipe = {
      model: { ...OTHELLO_MODEL, seed: p.seed, gpt: { ...OTHELLO_MODEL.gpt, d: p.d, layers: p.layers, heads: p.heads } },
      training: { ...OTHELLO_TRAINING, batch: p.batch, target: p.target, schedule: { ...OTHELLO_TRAINING.schedule, steps: p.steps, peakLr: p.peakLr, warmupSteps: Math.min(OTHELLO_TRAINING.schedule.warmupSteps, Math.ceil(p.steps / 10)) } },
    };
    const held = othelloHeldOutGames(p.evalGames);
    let accuracy = NaN;
    const run = await trainRecipe(recipe, (step) => othelloTrainingBatch(p.seed, step, p.batch), {
      threads,
      signal: ctx.signal,
      onStep: async (step, loss, current) => {
        if ((step + 1) % p.evalEvery === 0 && step + 1 < p.steps) {
          accuracy = await othelloLegalMoveAccuracy(current(), held, { threads });
          ctx.log(`step ${step + 1}: loss ${loss.toFixed(4)}, legal-move accuracy ${(100 * accuracy).toFixed(2)}%`);
        }
        ctx.progress(step + 1, p.steps, { unit: 'steps', metrics: { loss, ...(Number.isNaN(accuracy) ? {} : { legalMoveAccuracy: accuracy }) } });
      },
    });
    ctx.throwIfCancelled();
    const legalMoveAccuracy = await othelloLegalMoveAccuracy(run.model, held, { threads });
    const probes = await othelloProbeAccuracies(run.model, othelloHeldOutGames(Math.max(100, p.evalGames), 1), othelloHeldOutGames(Math.max(50, Math.floor(p.evalGames / 2)), 2), { threads });
    ctx.log(`legal-move accuracy ${(100 * legalMoveAccuracy).toFixed(2)}%; probe accuracy by layer ${probes.map((a) => (100 * a).toFixed(1)).join(', ')}%`);
    const info = await saveModelDir(
      path.join(ctx.workDir, id),
      run,
      recipe,
      { legalMoveAccuracy, legalMoveGames: p.evalGames, probeAccuracyByLayer: Object.fromEntries(probes.map((a, i) => [i === 0 ? 'embed' : `resid_post_${i - 1}`, a])) },
      threads,
    );
    return { id, name: p.name, createdAt: info.createdAt, legalMoveAccuracy, probeAccuracyByLayer: probes, trainingSeconds: info.trainingSeconds };
  },
  commit: commitModel,
});

/** Moves models/<id>/ into place with one rename, then lists it in the manifest. */
async function commitModel({ project, workDir }: CommitContext, result: TrainResult): Promise<void> {
  project.assertWritable();
  if (project.manifest.models.some((m) => m.id === result.id)) throw new StudioError('conflict', `a model "${result.id}" already exists`, result.id);
  const target = path.join(project.dir, 'models', result.id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(path.join(workDir, result.id), target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new StudioError('conflict', 'a model folder with this id already exists', target);
    throw err;
  }
  await project.update((m) => void m.models.push({ id: result.id, name: result.name, createdAt: result.createdAt }));
}
