/**
 * The shipped transcript models (resources/models/othello/ and chess/): weights as safetensors
 * and a config.json with the recipe, the seed, the metrics reached, the training time and
 * machine, written by scripts/train-othello-model.ts and scripts/train-chess-model.ts.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { appRoot } from '../../io/appRoot';
import { aModelOf, TranscriptModel } from './model';

export const OTHELLO_MODEL_DIR = path.join(appRoot(), 'resources', 'models', 'othello');
export const CHESS_MODEL_DIR = path.join(appRoot(), 'resources', 'models', 'chess');
/** The byte-level English model (src/core/text/lm/, scripts/train-text-model.ts). */
export const TEXT_MODEL_DIR = path.join(appRoot(), 'resources', 'models', 'text');
export const MODEL_WEIGHTS_FILE = 'model.safetensors';
export const MODEL_CONFIG_FILE = 'config.json';

export const ShippedModelConfig = z.object({
  model: z.object({
    game: z.enum(['othello', 'chess', 'text']),
    seed: z.number().int(),
    gpt: z.object({ vocab: z.number().int().positive(), context: z.number().int().positive(), d: z.number().int().positive(), heads: z.number().int().positive(), layers: z.number().int().positive(), mlp: z.number().int().positive().optional() }),
  }),
  training: z.record(z.string(), z.unknown()),
  metrics: z.record(z.string(), z.unknown()),
  trainingSeconds: z.number(),
  machine: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ShippedModelConfig = z.infer<typeof ShippedModelConfig>;

/** Reads a model folder (config.json + model.safetensors) written by a training script. */
export async function loadModelDir(dir: string): Promise<{ model: TranscriptModel; info: ShippedModelConfig }> {
  const configPath = path.join(dir, MODEL_CONFIG_FILE);
  const text = await fs.readFile(configPath, 'utf8').catch(() => {
    throw new StudioError('not-found', 'no model config here (train one with scripts/train-othello-model.ts or train-chess-model.ts)', configPath);
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StudioError('bad-file', 'the model config is not valid JSON', configPath);
  }
  const parsed = ShippedModelConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `the model config is invalid: ${issue.message}`, `${configPath}: ${issue.path.join('.')}`);
  }
  const model = await TranscriptModel.load(parsed.data.model, path.join(dir, MODEL_WEIGHTS_FILE));
  return { model, info: parsed.data };
}

/** The folder of the model the studio ships for `game`. */
export const shippedModelDir = (game: TranscriptModel['config']['game']): string => ({ othello: OTHELLO_MODEL_DIR, chess: CHESS_MODEL_DIR, text: TEXT_MODEL_DIR })[game];

/**
 * The block whose resid_post a board probe read best, from a model folder's metrics
 * (`probeAccuracyByLayer`, as the training scripts and the train-game-model job record it),
 * else the middle of the stack, where Othello-GPT's board state is most linearly readable.
 */
export function bestProbeLayer(model: TranscriptModel, metrics: Record<string, unknown>): number {
  const byLayer = metrics.probeAccuracyByLayer;
  let best = -1;
  let bestAcc = -Infinity;
  if (byLayer && typeof byLayer === 'object') {
    for (const [key, acc] of Object.entries(byLayer)) {
      const layer = Number(/^resid_post_(\d+)$/.exec(key)?.[1]);
      if (Number.isInteger(layer) && layer < model.config.gpt.layers && typeof acc === 'number' && acc > bestAcc) [best, bestAcc] = [layer, acc];
    }
  }
  return best >= 0 ? best : Math.floor((model.config.gpt.layers - 1) / 2);
}

/** The shipped Othello model, or the one in `dir`. */
export const loadOthelloModel = (dir = OTHELLO_MODEL_DIR): Promise<TranscriptModel> => loadGameModel(dir, 'othello');

/** The shipped chess model, or the one in `dir`. */
export const loadChessModel = (dir = CHESS_MODEL_DIR): Promise<TranscriptModel> => loadGameModel(dir, 'chess');

/** Fails, naming the folder, when the model in `dir` plays another game. */
export function expectGame(model: TranscriptModel, game: TranscriptModel['config']['game'], dir: string): void {
  if (model.config.game !== game) throw new StudioError('bad-file', `this is ${aModelOf(model.config.game)}, not ${aModelOf(game)}`, dir);
}

async function loadGameModel(dir: string, game: TranscriptModel['config']['game']): Promise<TranscriptModel> {
  const { model } = await loadModelDir(dir);
  expectGame(model, game, dir);
  return model;
}
