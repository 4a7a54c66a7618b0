/**
 * Regenerates resources/models/othello/ from a fixed seed:
 *   npx tsx scripts/train-othello-model.ts [--out DIR] [--threads N]
 * Trains the default Othello transcript model (src/core/games/lm/othello.ts), then measures
 * its top-1 legal-move rate on held-out games and a mine/theirs/empty probe at every layer.
 * Other shapes and budgets, for comparison (resources/models/README.md), with --out elsewhere:
 *   [--d D] [--layers L] [--heads H] [--mlp M] [--batch B] [--steps S]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OTHELLO_MODEL, OTHELLO_TRAINING, othelloHeldOutGames, othelloLegalMoveAccuracy, othelloProbeAccuracies, othelloTrainingBatch } from '../src/core/games/lm/othello';
import { saveModelDir, trainRecipe, withChanges } from '../src/core/games/lm/recipe';
import { OTHELLO_MODEL_DIR } from '../src/core/games/lm/shipped';

const opt = { type: 'string' } as const;
const { values } = parseArgs({ options: { out: opt, threads: { type: 'string', default: '2' }, d: opt, layers: opt, heads: opt, mlp: opt, batch: opt, steps: opt } });
const out = path.resolve(values.out ?? OTHELLO_MODEL_DIR);
const threads = Number(values.threads);
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const recipe = withChanges({ model: OTHELLO_MODEL, training: OTHELLO_TRAINING }, { d: num(values.d), layers: num(values.layers), heads: num(values.heads), mlp: num(values.mlp), batch: num(values.batch), steps: num(values.steps) });
const { batch, schedule } = recipe.training;

// Progress check on games outside both the training seeds and the final evaluation's.
const monitor = othelloHeldOutGames(100, 4);
const started = performance.now();
console.log(`training ${JSON.stringify(recipe.model.gpt)} for ${schedule.steps} steps of ${batch} games on ${threads} threads`);
const run = await trainRecipe(recipe, (step) => othelloTrainingBatch(recipe.model.seed, step, batch), {
  threads,
  onStep: async (step, loss, current) => {
    if (step % 50 === 0 || step === schedule.steps - 1) console.log(`step ${step}  loss ${loss.toFixed(4)}  ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if ((step + 1) % 400 === 0) console.log(`step ${step + 1}  legal-move top-1 on 100 held-out games: ${(100 * (await othelloLegalMoveAccuracy(current(), monitor, { threads }))).toFixed(2)}%`);
  },
});
console.log(`trained in ${run.seconds.toFixed(0)} s`);

const evalGames = 1000;
const legalMoveAccuracy = await othelloLegalMoveAccuracy(run.model, othelloHeldOutGames(evalGames), { threads });
console.log(`legal-move top-1 on ${evalGames} held-out games: ${(100 * legalMoveAccuracy).toFixed(2)}%`);
// Probes: fitted on 500 games, scored on 200 others (both disjoint from training seeds).
const probe = await othelloProbeAccuracies(run.model, othelloHeldOutGames(500, 1), othelloHeldOutGames(200, 2), { threads });
probe.forEach((acc, i) => console.log(`probe ${i === 0 ? 'embed ' : `layer ${i - 1}`}: ${(100 * acc).toFixed(2)}%`));
const best = probe.indexOf(Math.max(...probe));
const info = await saveModelDir(
  out,
  run,
  recipe,
  {
    legalMoveAccuracy,
    legalMoveGames: evalGames,
    heldOutSeed: 'HELD_OUT_SEED + 0',
    probeAccuracyByLayer: Object.fromEntries(probe.map((a, i) => [i === 0 ? 'embed' : `resid_post_${i - 1}`, a])),
    probeBestLayer: best - 1,
    probeBestAccuracy: probe[best],
    probe: 'mine/theirs/empty per square, ridge least squares + argmax, fitted on 500 held-out games, scored on 200 others',
  },
  threads,
);
console.log(`wrote ${out} (${info.trainingSeconds} s)`);
