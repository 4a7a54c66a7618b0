/**
 * The training loop shared by the transcript models: AdamW with a linear warm-up then a cosine
 * decay floored at 10% of the peak rate (Othello-GPT's trainer, ALGORITHMS-DETAIL §1.1), one
 * fresh batch of sequences per step.
 */
import { StudioError } from '../../../shared/errors';
import { TranscriptModel, type TrainOptions } from './model';

export interface Schedule {
  steps: number;
  peakLr: number;
  warmupSteps: number;
  /** the rate at the end as a share of the peak (Othello-GPT: 0.1) */
  floor: number;
}

export function learningRate(s: Schedule, step: number): number {
  if (step < s.warmupSteps) return (s.peakLr * (step + 1)) / s.warmupSteps;
  const progress = Math.min(1, (step - s.warmupSteps) / Math.max(1, s.steps - s.warmupSteps));
  return s.peakLr * (s.floor + (1 - s.floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** Sequences as token rows of length T + 1 (inputs are [0, T), targets [1, T + 1)), padded after each row's length. */
export interface TokenBatch {
  rows: number;
  width: number;
  tokens: Uint8Array;
  /** real tokens per row; targets at or past it are padding and carry no loss */
  lengths: ArrayLike<number>;
  /** for 'distribution' training: rows × (width − 1) × vocab, each real target's distribution */
  dist?: Float32Array;
}

/** int64 inputs and targets and the float mask of real targets, [rows, width − 1] each. */
export function batchFeeds(batch: TokenBatch, target: TrainOptions['target']): Record<string, BigInt64Array | Float32Array> {
  const T = batch.width - 1;
  const ids = new BigInt64Array(batch.rows * T);
  const targets = new BigInt64Array(batch.rows * T);
  const mask = new Float32Array(batch.rows * T);
  for (let r = 0; r < batch.rows; r++) {
    for (let t = 0; t < T; t++) {
      const src = r * batch.width + t;
      ids[r * T + t] = BigInt(batch.tokens[src]);
      targets[r * T + t] = BigInt(batch.tokens[src + 1]);
      mask[r * T + t] = t + 1 < batch.lengths[r] ? 1 : 0;
    }
  }
  if (target === 'next-token') return { ids, targets, mask };
  if (!batch.dist || batch.dist.length % (batch.rows * T) !== 0) throw new StudioError('shape', 'distribution training needs each batch to carry target distributions', 'dist');
  return { ids, mask, dist: batch.dist };
}

export interface TrainLoopOptions extends TrainOptions {
  schedule: Schedule;
  /** resume: the first step to run (default 0) and AdamW's moments at it (TranscriptModel.momentsOf) */
  startStep?: number;
  moments?: Readonly<Record<string, Float32Array>>;
  /** stop early (before `schedule.steps`) at this step, to train in pieces; the schedule is unchanged */
  stopStep?: number;
  /** the batch for a step (0-based); must hold `batch` rows of context + 1 tokens */
  nextBatch(step: number): TokenBatch;
  /** called after every step; may be async (an evaluation) */
  onStep?(step: number, loss: number, model: () => TranscriptModel, moments: () => Record<string, Float32Array>): void | Promise<void>;
  signal?: AbortSignal;
}

/**
 * Trains from `model`'s weights (left unchanged) and returns the trained model, the loss of
 * every step (zeros before `startStep` and from `stopStep` on) and AdamW's moments at the end.
 */
export async function trainLoop(model: TranscriptModel, opts: TrainLoopOptions): Promise<{ model: TranscriptModel; losses: Float32Array; moments: Record<string, Float32Array> }> {
  const program = await model.compileTraining(opts, opts.moments);
  const losses = new Float32Array(opts.schedule.steps);
  const stop = Math.min(opts.schedule.steps, opts.stopStep ?? Infinity);
  const moments = () => TranscriptModel.momentsOf(model.config, program);
  try {
    for (let step = opts.startStep ?? 0; step < stop; step++) {
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'training was cancelled', `step ${step}`);
      const batch = opts.nextBatch(step);
      if (batch.rows !== opts.batch || batch.width !== model.config.gpt.context + 1) {
        throw new StudioError('shape', `a batch must be ${opts.batch} × ${model.config.gpt.context + 1} tokens, got ${batch.rows} × ${batch.width}`, `step ${step}`);
      }
      const out = await program.run({ ...batchFeeds(batch, opts.target), lr: Float32Array.of(learningRate(opts.schedule, step)), step: Float32Array.of(step + 1) });
      const loss = (out.loss as Float32Array)[0];
      if (!Number.isFinite(loss)) throw new StudioError('runtime', `the training loss became ${loss}`, `step ${step}`);
      losses[step] = loss;
      await opts.onStep?.(step, loss, () => TranscriptModel.fromProgram(model.config, program), moments);
    }
    return { model: TranscriptModel.fromProgram(model.config, program), losses, moments: moments() };
  } finally {
    await program.dispose();
  }
}
