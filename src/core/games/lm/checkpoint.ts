/**
 * Training a transcript model in pieces that resume: a checkpoint folder holds the weights,
 * AdamW's moments and the step reached, rewritten (atomically) every `every` steps and when a
 * piece stops, so a cancelled job, a killed process or a deadline loses at most `every` steps.
 * Shared by the text model (its script and the train-text-model job) and the Othello script.
 */
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { readSafetensors, writeSafetensors } from '../../data/safetensors';
import { writeJsonAtomic } from '../../io/atomic';
import { TranscriptModel } from './model';
import { trainRecipe, type Recipe } from './recipe';
import type { TokenBatch } from './train';

const STATE_FILE = 'checkpoint.json';
const WEIGHTS_FILE = 'model.safetensors';
const MOMENTS_FILE = 'moments.safetensors';

/** Checkpoints written before the check was named generically carry `bitsPerByte` for `value`. */
function namedValue(point: unknown): unknown {
  const p = point as { step?: unknown; bitsPerByte?: unknown } | null;
  return p && typeof p === 'object' && p.bitsPerByte !== undefined ? { step: p.step, value: p.bitsPerByte } : point;
}

const CheckpointState = z.object({
  recipe: z.custom<Recipe>((v) => typeof v === 'object' && v !== null && 'model' in v && 'training' in v),
  /** steps done: the next piece starts here */
  step: z.number().int().nonnegative(),
  /** mean training loss (nats a token) of every 50 steps, in order */
  lossCurve: z.array(z.object({ step: z.number(), loss: z.number() })),
  /** the held-out check measured along the way (the text model's bits per byte, Othello's legal-move rate) */
  evalCurve: z.array(z.preprocess(namedValue, z.object({ step: z.number(), value: z.number() }))),
  seconds: z.number(),
  load: z.array(z.number()),
});
export type CheckpointState = z.infer<typeof CheckpointState>;

export interface Checkpoint {
  model: TranscriptModel;
  moments: Record<string, Float32Array>;
  state: CheckpointState;
}

/** The checkpoint in `dir`, or null when there is none yet. */
export async function readCheckpoint(dir: string): Promise<Checkpoint | null> {
  const file = path.join(dir, STATE_FILE);
  const text = await fs.readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const parsed = CheckpointState.safeParse(JSON.parse(text));
  if (!parsed.success) throw new StudioError('bad-file', `the checkpoint state is invalid: ${parsed.error.issues[0].message}`, file);
  const state = parsed.data;
  const model = await TranscriptModel.load(state.recipe.model, path.join(dir, WEIGHTS_FILE));
  const { tensors } = await readSafetensors(path.join(dir, MOMENTS_FILE));
  return { model, moments: Object.fromEntries(Object.entries(tensors).map(([n, t]) => [n, t.data])), state };
}

export async function writeCheckpoint(dir: string, cp: Checkpoint): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  await cp.model.save(path.join(dir, WEIGHTS_FILE), { format: 'pt' });
  await writeSafetensors(path.join(dir, MOMENTS_FILE), Object.fromEntries(Object.entries(cp.moments).map(([n, data]) => [n, { shape: [data.length], data }])));
  await writeJsonAtomic(path.join(dir, STATE_FILE), cp.state); // last: a state file always names weights that exist
}

export interface PieceOptions {
  threads: number;
  /** stop at this step (default: the schedule's end) */
  stopStep?: number;
  /** stop at the first checkpoint after this time (ms since the epoch) */
  deadline?: number;
  /** steps between checkpoints (default 100) */
  every?: number;
  signal?: AbortSignal;
  onStep?: (step: number, loss: number) => void;
  /** measured at every checkpoint whose step is a multiple of evalEvery */
  evaluate?: (model: TranscriptModel) => Promise<number>;
  evalEvery?: number;
}

/**
 * Trains from the checkpoint in `dir` (or from the recipe's initial weights when there is none)
 * on the batches `batches(recipe)` makes for the checkpoint's recipe, writing a checkpoint every
 * `every` steps, until the schedule ends, `stopStep` or the deadline; a cancel saves a checkpoint
 * at the step it reached, then rethrows.
 */
export async function trainPiece(dir: string, recipe: Recipe, batches: (recipe: Recipe) => (step: number) => TokenBatch, opts: PieceOptions): Promise<Checkpoint> {
  const found = await readCheckpoint(dir);
  let cp: Checkpoint = found ?? { model: TranscriptModel.init(recipe.model), moments: {}, state: { recipe, step: 0, lossCurve: [], evalCurve: [], seconds: 0, load: [] } };
  const r = cp.state.recipe;
  if (found && JSON.stringify(r.model) !== JSON.stringify(recipe.model)) {
    throw new StudioError('conflict', 'the checkpoint here is of another architecture; start in an empty folder', dir);
  }
  const every = opts.every ?? 100;
  const end = Math.min(r.training.schedule.steps, opts.stopStep ?? Infinity);
  if (cp.state.step >= end) return cp;
  const stopper = new AbortController();
  const cancel = () => stopper.abort();
  opts.signal?.addEventListener('abort', cancel);
  let [pending, sum, t0] = [0, 0, performance.now()];
  try {
    await trainRecipe(r, batches(r), {
      threads: opts.threads,
      signal: stopper.signal,
      resume: cp.state.step > 0 ? { model: cp.model, step: cp.state.step, moments: cp.moments } : undefined,
      stopStep: end,
      onStep: async (step, loss, model, moments) => {
        sum += loss;
        if (++pending === 50 || step === end - 1) {
          cp.state.lossCurve.push({ step: step + 1, loss: sum / pending });
          [pending, sum] = [0, 0];
        }
        opts.onStep?.(step, loss);
        // a cancel saves where it stands: nothing trained is lost
        if ((step + 1) % every !== 0 && step + 1 !== end && !opts.signal?.aborted) return;
        const now = performance.now();
        const state = { ...cp.state, step: step + 1, seconds: cp.state.seconds + (now - t0) / 1000, load: [...cp.state.load, Number(os.loadavg()[0].toFixed(2))] };
        cp = { model: model(), moments: moments(), state };
        if (opts.evaluate && opts.evalEvery && (step + 1) % opts.evalEvery === 0) state.evalCurve.push({ step: step + 1, value: await opts.evaluate(cp.model) });
        await writeCheckpoint(dir, cp);
        t0 = performance.now();
        if (opts.deadline !== undefined && Date.now() >= opts.deadline) stopper.abort();
      },
    });
  } catch (err) {
    if (!(err instanceof StudioError && err.code === 'cancelled' && !opts.signal?.aborted)) throw err;
  } finally {
    opts.signal?.removeEventListener('abort', cancel);
  }
  return cp;
}
