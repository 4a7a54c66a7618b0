/**
 * Training a transcript model from a recipe and measuring it: the shared body of the training
 * scripts and the train-game-model job.
 */
import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { writeJsonAtomic } from '../../io/atomic';
import { TranscriptModel, type TranscriptModelConfig, type TrainOptions } from './model';
import { MODEL_CONFIG_FILE, MODEL_WEIGHTS_FILE, type ShippedModelConfig } from './shipped';
import type { Schedule, TokenBatch } from './train';
import { trainLoop, type TrainLoopOptions } from './train';

export interface Recipe {
  model: TranscriptModelConfig;
  training: Omit<TrainOptions, 'threads'> & { schedule: Schedule };
}

/** Settings a caller may change in a game's recipe; absent ones keep the recipe's own. */
export interface RecipeChanges {
  seed?: number;
  d?: number;
  layers?: number;
  heads?: number;
  mlp?: number;
  steps?: number;
  batch?: number;
  peakLr?: number;
  target?: TrainOptions['target'];
}

/** The recipe with the model's size and the schedule's length changed; warm-up shrinks for short runs. */
export function withChanges(base: Recipe, over: RecipeChanges): Recipe {
  const { model, training } = base;
  const steps = over.steps ?? training.schedule.steps;
  const gpt = { ...model.gpt, d: over.d ?? model.gpt.d, layers: over.layers ?? model.gpt.layers, heads: over.heads ?? model.gpt.heads, ...(over.mlp !== undefined ? { mlp: over.mlp } : {}) };
  return {
    model: { ...model, seed: over.seed ?? model.seed, gpt },
    training: {
      ...training,
      batch: over.batch ?? training.batch,
      target: over.target ?? training.target,
      schedule: { ...training.schedule, steps, peakLr: over.peakLr ?? training.schedule.peakLr, warmupSteps: Math.min(training.schedule.warmupSteps, Math.ceil(steps / 10)) },
    },
  };
}

/** What the machine was while training ran, for honest timings. */
export function machineInfo(threads: number) {
  const cpus = os.cpus();
  return { cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, threads, loadAverage1m: Number(os.loadavg()[0].toFixed(2)), platform: `${os.platform()} ${os.arch()}`, node: process.version };
}

export interface TrainedRun {
  model: TranscriptModel;
  losses: Float32Array;
  /** AdamW's moments at the end, to continue from */
  moments: Record<string, Float32Array>;
  seconds: number;
  /** the 1-minute load average sampled every 30 s while training, for the report */
  load: number[];
}

export async function trainRecipe(
  recipe: Recipe,
  nextBatch: (step: number) => TokenBatch,
  opts: {
    threads: number;
    signal?: AbortSignal;
    onStep?: TrainLoopOptions['onStep'];
    /** continue a checkpoint: its weights, the step it reached and AdamW's moments there */
    resume?: { model: TranscriptModel; step: number; moments: Record<string, Float32Array> };
    /** stop before this step (a piece of the schedule) */
    stopStep?: number;
  },
): Promise<TrainedRun> {
  const load: number[] = [];
  const sampler = setInterval(() => load.push(Number(os.loadavg()[0].toFixed(2))), 30_000);
  const t0 = performance.now();
  try {
    const start = opts.resume?.model ?? TranscriptModel.init(recipe.model);
    const { model, losses, moments } = await trainLoop(start, {
      ...recipe.training,
      threads: opts.threads,
      nextBatch,
      onStep: opts.onStep,
      signal: opts.signal,
      startStep: opts.resume?.step,
      moments: opts.resume?.moments,
      stopStep: opts.stopStep,
    });
    return { model, losses, moments, seconds: (performance.now() - t0) / 1000, load };
  } finally {
    clearInterval(sampler);
  }
}

/** Writes model.safetensors and config.json into `dir` (created if needed). */
export async function saveModelDir(dir: string, run: TrainedRun, recipe: Recipe, metrics: Record<string, unknown>, threads: number): Promise<ShippedModelConfig> {
  await fs.mkdir(dir, { recursive: true });
  await run.model.save(path.join(dir, MODEL_WEIGHTS_FILE), { format: 'pt' });
  const info: ShippedModelConfig = {
    model: recipe.model,
    training: { ...recipe.training },
    metrics: { ...metrics, finalLoss: meanTail(run.losses, 20), parameters: run.model.parameterCount() },
    trainingSeconds: Number(run.seconds.toFixed(1)),
    machine: { ...machineInfo(threads), loadAverageDuringTraining: run.load },
    createdAt: new Date().toISOString(),
  };
  await writeJsonAtomic(path.join(dir, MODEL_CONFIG_FILE), info);
  return info;
}

export function meanTail(xs: Float32Array, n: number): number {
  const tail = xs.subarray(Math.max(0, xs.length - n));
  return tail.reduce((s, v) => s + v, 0) / Math.max(1, tail.length);
}
