import os from 'node:os';
import { TranscriptModel } from '../src/core/games/lm/model';
import { OTHELLO_MODEL, OTHELLO_TRAINING, othelloTrainingBatch } from '../src/core/games/lm/othello';
import { batchFeeds, learningRate } from '../src/core/games/lm/train';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * The transcript model's training step as the shipped Othello model trains (d=128, 4 layers,
 * batch 64 × 59 tokens, legal-move distribution target, AdamW with clipping): one compiled
 * step, the same batch every call, best and median of --iters calls after three warm-up calls.
 * Its speed sets how many steps fit in the model's ten-minute budget.
 * `npm run bench -- gpt [--iters N]`
 */
export async function run(argv: string[]): Promise<void> {
  const iters = Number(option(argv, 'iters') ?? 20);
  const threads = os.availableParallelism();
  const model = TranscriptModel.init(OTHELLO_MODEL);
  const { batch, target, weightDecay, beta2, clipNorm, schedule } = OTHELLO_TRAINING;
  const program = await model.compileTraining({ batch, target, weightDecay, beta2, clipNorm, threads });
  const feeds = batchFeeds(othelloTrainingBatch(OTHELLO_MODEL.seed, 0, batch), target);
  const times: number[] = [];
  try {
    for (let step = 0; step < iters + 3; step++) {
      const t0 = performance.now();
      await program.run({ ...feeds, lr: Float32Array.of(learningRate(schedule, step)), step: Float32Array.of(step + 1) });
      if (step >= 3) times.push(performance.now() - t0);
    }
  } finally {
    await program.dispose();
  }
  times.sort((a, b) => a - b);
  const tokens = batch * OTHELLO_MODEL.gpt.context;
  const best = times[0];
  const median = times[Math.floor(times.length / 2)];
  console.log(
    JSON.stringify({
      machine: benchMachine(threads),
      model: OTHELLO_MODEL.gpt,
      batch,
      timing: `best and median of ${iters} calls`,
      bestMs: round(best),
      medianMs: round(median),
      tokensPerSec: Math.round((tokens / best) * 1000),
      stepsIn10Minutes: Math.floor(600_000 / median),
    }),
  );
}

const round = (v: number) => Number(v.toFixed(1));
