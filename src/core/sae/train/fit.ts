import { StudioError } from '../../../shared/errors';
import type { Sae } from '../checkpoint/sae';
import type { TrainConfig } from './config';
import { firstNonFinite, TrainingDiverged } from './diverged';
import type { BatchSource } from './source';
import { SaeTrainer } from './trainer';
import type { StepMetrics, TrainerOptions } from './trainerOptions';

export interface FitOptions extends TrainerOptions {
  /** one checkpoint folder per config: resume state is read from them (when `resume`) and written to them */
  dirs?: readonly string[];
  resume?: boolean;
  signal?: AbortSignal;
  /** once every step is compiled, with the execution provider that runs them */
  onCompiled?(provider: string): void;
  /** live metrics every `logEvery` steps (and at the last step) */
  onMetrics?(metrics: StepMetrics, run: number): void;
  /** a line for the job log about one run, e.g. when its step changes form */
  onNote?(line: string, run: number): void;
}

export interface FitResult {
  saes: Sae[];
  steps: number;
  /** rows consumed from the source's stream */
  dataCursor: number;
  last: StepMetrics[];
}

/**
 * Trains one SAE, or several side by side (a sweep): every batch read from the source feeds
 * every trainer, so N configs cost one pass over the data. All configs must share the batch
 * size and step count. Cancellation saves resume state before throwing `cancelled`.
 */
export async function fit(configs: readonly TrainConfig[], source: BatchSource, opts: FitOptions = {}): Promise<FitResult> {
  const { batchSize, steps } = sharedShape(configs);
  const dirs = checkpointDirs(configs, opts.dirs);
  const sample = await source.sample(Math.max(...configs.map((c) => c.sampleRows)));
  const trainers = await Promise.all(configs.map((c) => SaeTrainer.create(c, source.dims, sample, opts)));
  try {
    opts.onCompiled?.(trainers[0].provider);
    let cursor = opts.resume ? await restoreAll(trainers, dirs) : 0;
    const last: StepMetrics[] = [];
    // Batches are taken `perCall` at a time so trainers with K-step programs run them in one call.
    const perCall = Math.max(...trainers.map((t) => t.stepsPerCall));
    let pending: Float32Array[] = [];
    if (trainers[0].step < steps) {
      for await (const batch of source.batches(batchSize, cursor)) {
        cursor += batchSize;
        pending.push(batch);
        const before = trainers[0].step;
        if (pending.length < Math.min(perCall, steps - before)) continue;
        const metrics: StepMetrics[][] = [];
        const lean = trainers.map((t) => t.leanStep);
        for (const t of trainers) metrics.push(await t.trainSteps(pending));
        trainers.forEach((t, i) => {
          // The step's time jumps here: say why in the log rather than leave the ETA to puzzle over.
          if (lean[i] && !t.leanStep) opts.onNote?.(`from step ${before + 1} a latent can be dead, so AuxK joins the step: steps take longer from here`, i);
          for (const note of t.takeNotes()) opts.onNote?.(note, i);
        });
        pending = [];
        const bad = firstNonFinite(metrics);
        if (bad) throw new TrainingDiverged(bad.step, bad.run, bad.metric, bad.value, dirs[bad.run] ?? `configs[${bad.run}]`);
        const step = trainers[0].step;
        for (let j = 0; j < metrics[0].length; j++) {
          trainers.forEach((_, i) => (last[i] = metrics[i][j]));
          reportMetrics(configs, last, last[0].step, steps, opts);
        }
        if (opts.signal?.aborted) {
          await saveAll(trainers, dirs, cursor);
          throw new StudioError('cancelled', `training cancelled at step ${step}; resume continues from there`, dirs[0] ?? 'fit');
        }
        if (step >= steps) break;
        const every = configs[0].checkpointEvery;
        if (every > 0 && Math.floor(step / every) > Math.floor(before / every)) await saveAll(trainers, dirs, cursor);
      }
    }
    await saveAll(trainers, dirs, cursor);
    return { saes: trainers.map((t) => t.toSae()), steps: trainers[0].step, dataCursor: cursor, last };
  } finally {
    await Promise.all(trainers.map((t) => t.dispose()));
  }
}

function sharedShape(configs: readonly TrainConfig[]): { batchSize: number; steps: number } {
  if (configs.length === 0) throw new StudioError('bad-input', 'nothing to train', 'configs');
  const { batchSize, steps } = configs[0];
  configs.forEach((c, i) => {
    if (c.batchSize !== batchSize || c.steps !== steps) throw new StudioError('bad-input', `a sweep trains every config on the same batches: batchSize ${c.batchSize} and steps ${c.steps} must equal ${batchSize} and ${steps}`, `configs[${i}]`);
  });
  return { batchSize, steps };
}

function checkpointDirs(configs: readonly TrainConfig[], dirs: readonly string[] | undefined): (string | undefined)[] {
  if (dirs && dirs.length !== configs.length) throw new StudioError('bad-input', `${dirs.length} checkpoint folders for ${configs.length} configs`, 'dirs');
  return configs.map((_, i) => dirs?.[i]);
}

async function restoreAll(trainers: SaeTrainer[], dirs: (string | undefined)[]): Promise<number> {
  const cursors = await Promise.all(trainers.map((t, i) => {
    if (!dirs[i]) throw new StudioError('bad-input', 'resume needs the checkpoint folder', 'dir');
    return t.restore(dirs[i]!);
  }));
  if (cursors.some((c) => c !== cursors[0])) throw new StudioError('bad-file', 'the sweep\'s checkpoints stopped at different data positions', dirs[0]!);
  return cursors[0];
}

async function saveAll(trainers: SaeTrainer[], dirs: (string | undefined)[], cursor: number): Promise<void> {
  await Promise.all(trainers.map((t, i) => (dirs[i] ? t.save(dirs[i]!, cursor) : undefined)));
}

function reportMetrics(configs: readonly TrainConfig[], last: StepMetrics[], step: number, steps: number, opts: FitOptions): void {
  if (!opts.onMetrics || (step % configs[0].logEvery !== 0 && step !== steps)) return;
  last.forEach((m, i) => opts.onMetrics!(m, i));
}
