import path from 'node:path';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { writeJsonAtomic } from '../../io/atomic';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { loadModelDir } from '../../games/lm/shipped';
import { readCheckpoint } from '../../games/lm/checkpoint';
import { trainTextPiece } from '../../text/lm/checkpoint';
import { corpusTexts } from '../../text/lm/corpus-texts';
import { evaluationSlice, readEnglishCorpora, type TextDoc } from '../../text/lm/english-sources';
import { finishTextModel } from '../../text/lm/finish';
import { TEXT_RETRAIN, textBitsPerByte, textRecipe, tokenStream } from '../../text/lm/text-model';
import { defineJobKind, type CommitContext, type JobContext } from '../kind';

const CHECKPOINT_DIR = 'checkpoint';

/** Absent settings take the in-app recipe (TEXT_RETRAIN: a small model that trains in minutes). */
const TrainTextParams = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** a project corpus: trains on its train split, measures on dev and test; absent: the shipped English corpora of ../shared/data */
    corpusId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** continue this project model from its checkpoint (cancelled or finished), to `steps` */
    continueModelId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    d: z.number().int().positive().max(1024).optional(),
    layers: z.number().int().positive().max(16).optional(),
    heads: z.number().int().positive().max(32).optional(),
    mlp: z.number().int().positive().max(8192).optional(),
    context: z.number().int().min(8).max(1024).optional(),
    steps: z.number().int().positive().max(1_000_000).optional(),
    batch: z.number().int().positive().max(4096).optional(),
    peakLr: z.number().positive().max(1).optional(),
    seed: z.number().int().nonnegative().optional(),
    /** held-out bits per byte every this many steps */
    evalEvery: z.number().int().positive().default(200),
    /** measure the order-5 n-gram and xz anchors at the end */
    anchors: z.boolean().default(true),
    threads: z.number().int().positive().max(64).optional(),
  })
  .strict()
  .refine((p) => (p.d ?? TEXT_RETRAIN.d) % (p.heads ?? TEXT_RETRAIN.heads) === 0, { message: 'the model width must be divisible by the number of heads', path: ['heads'] });
type TrainTextParams = z.output<typeof TrainTextParams>;

const recipeOf = (p: TrainTextParams) =>
  textRecipe({ ...TEXT_RETRAIN, ...Object.fromEntries(Object.entries({ d: p.d, layers: p.layers, heads: p.heads, mlp: p.mlp, context: p.context, steps: p.steps, batch: p.batch, peakLr: p.peakLr, seed: p.seed }).filter(([, v]) => v !== undefined)) });

const TrainTextResult = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  step: z.number().int(),
  steps: z.number().int(),
  heldOutBitsPerByte: z.number(),
  /** false when cancelled: the model holds the last checkpoint and continues with continueModelId */
  complete: z.boolean(),
});
type TrainTextResult = z.infer<typeof TrainTextResult>;

/**
 * Trains the byte-level text GPT (src/core/text/lm/) on a project corpus or the shipped English
 * corpora, with live loss and held-out bits per byte; checkpoints every 50 steps and on cancel,
 * so a cancel keeps the model where it stood and `continueModelId` goes on from it. Saves models/<id>/ (weights, config.json
 * with the metrics, checkpoint/).
 */
export const trainTextModelKind = defineJobKind({
  kind: 'train-text-model',
  doc: 'Train the byte-level text GPT on a project corpus (train split; dev/test held out) or the shipped English corpora; live loss and held-out bits per byte; cancel keeps the last checkpoint and continueModelId resumes it; saves models/<id>/.',
  params: TrainTextParams,
  result: TrainTextResult,
  title: (p, name) => {
    const { model, training } = recipeOf(p);
    return `${p.continueModelId ? `Continue text model ${name(p.continueModelId)}` : 'Train text model'} d=${model.gpt.d} × ${model.gpt.layers} layers, ${training.schedule.steps} steps${p.corpusId ? ` on corpus ${name(p.corpusId)}` : ''}`;
  },
  async run(ctx) {
    const p = ctx.params;
    const name = p.name ?? (p.corpusId ? `Text model (${p.corpusId})` : 'Text model');
    const id = p.continueModelId ?? p.id ?? newEntryId(name);
    const threads = p.threads ?? 2;
    const dir = path.join(ctx.workDir, id);
    const cpDir = path.join(dir, CHECKPOINT_DIR);
    let recipe = recipeOf(p);
    let corpusId = p.corpusId;
    if (p.continueModelId) {
      const previous = await loadModelDir(path.join(ctx.projectDir, 'models', p.continueModelId));
      corpusId ??= previous.info.metrics.corpusId as string | undefined;
      await fs.cp(path.join(ctx.projectDir, 'models', p.continueModelId, CHECKPOINT_DIR), cpDir, { recursive: true }).catch(() => {
        throw new StudioError('not-found', `model "${p.continueModelId}" has no checkpoint to continue`, 'continueModelId');
      });
      const cp = await readCheckpoint(cpDir);
      if (!cp) throw new StudioError('not-found', `model "${p.continueModelId}" has no checkpoint to continue`, 'continueModelId');
      recipe = cp.state.recipe;
      if (p.steps !== undefined) recipe.training.schedule.steps = p.steps;
      // the checkpoint's recipe wins; a new length is the only change a continuation takes
      const state = { ...cp.state, recipe };
      await writeJsonAtomic(path.join(cpDir, 'checkpoint.json'), state);
    }
    const { train, heldOut } = await documentsOf(ctx, corpusId);
    ctx.log(`${train.length} training documents, ${heldOut.length} held out`);
    const stream = tokenStream(train.map((d) => d.text));
    const monitor = evaluationSlice(heldOut, 16_384).map((d) => d.text);
    const steps = recipe.training.schedule.steps;
    let bpb: number | undefined;
    let cancelled = false;
    let cp;
    try {
      cp = await trainTextPiece(cpDir, recipe, stream, {
        threads,
        every: 50,
        signal: ctx.signal,
        evalEvery: p.evalEvery,
        evaluate: async (model) => (bpb = (await textBitsPerByte(model, monitor, { threads })).bitsPerByte),
        onStep: (step, loss) => ctx.progress(step + 1, steps, { unit: 'steps', metrics: { bitsPerByte: loss / Math.LN2, ...(bpb === undefined ? {} : { heldOutBitsPerByte: bpb }) } }),
      });
    } catch (err) {
      if (!(err instanceof StudioError && err.code === 'cancelled')) throw err;
      cancelled = true;
      cp = await readCheckpoint(cpDir);
      if (!cp) throw err;
      ctx.log(`cancelled; the model keeps its checkpoint at step ${cp.state.step} of ${steps} and continues with continueModelId "${id}"`);
    }
    const info = await finishTextModel(dir, cp, train, evaluationSlice(heldOut, 65_536), {
      threads, anchors: p.anchors && !cancelled, log: (l) => ctx.log(l), data: corpusId ? `corpus ${corpusId}` : undefined, corpusId,
    });
    const heldOutBitsPerByte = info.metrics.heldOutBitsPerByte as number;
    return { id, name, createdAt: info.createdAt, step: cp.state.step, steps, heldOutBitsPerByte, complete: !cancelled };
  },
  commit: commitTextModel,
  commitPartial: commitTextModel,
  cancelGraceMs: 60_000,
});

/** The corpus's train split against its dev and test splits, or the shipped corpora with 5% held out. */
async function documentsOf(ctx: JobContext<TrainTextParams>, id: string | undefined): Promise<{ train: TextDoc[]; heldOut: TextDoc[] }> {
  if (!id) return readEnglishCorpora();
  const asDocs = (texts: string[]) => texts.map((text, i) => ({ source: id, id: String(i), text }));
  const train = asDocs(await corpusTexts(ctx.projectDir, id, ['train'], ctx.signal));
  const heldOut = asDocs(await corpusTexts(ctx.projectDir, id, ['dev', 'test'], ctx.signal));
  if (train.length === 0) throw new StudioError('bad-input', `corpus "${id}" has no rows in its train split`, 'corpusId');
  if (heldOut.length === 0) throw new StudioError('bad-input', `corpus "${id}" has no dev or test rows to measure the model on`, 'corpusId');
  return { train, heldOut };
}

/** Moves models/<id>/ into place (replacing the model a continuation started from) and lists a new one in the manifest. */
async function commitTextModel({ project, workDir }: CommitContext, result: TrainTextResult): Promise<void> {
  project.assertWritable();
  const listed = project.manifest.models.some((m) => m.id === result.id);
  const target = path.join(project.dir, 'models', result.id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  if (listed) await fs.rm(target, { recursive: true, force: true });
  await fs.rename(path.join(workDir, result.id), target);
  if (!listed) await project.update((m) => void m.models.push({ id: result.id, name: result.name, createdAt: result.createdAt }));
}
