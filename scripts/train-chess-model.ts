/**
 * Trains the character-level chess transcript model on real games and reports its legal-move
 * rate at move starts and a piece_state probe per layer; the defaults regenerate the shipped
 * model (resources/models/chess, about 9 minutes on 2 idle cores):
 *   npx tsx scripts/train-chess-model.ts [--pgn FILE] [--steps N] [--out DIR] [--threads N] [--eval-games N]
 * Data: ../shared/data/chess/lichess_user_games_2026.pgn (Lichess exports, CC0; see its
 * SOURCES.md), the last 10% of games held out. The recipe and data handling are the
 * train-game-model job's (src/core/games/lm/chess-training.ts).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chessLegalMoveAccuracy, chessRows, chessTrainingBatch } from '../src/core/games/lm/chess';
import { CHESS_TRAINING_PGN, chessProbeAccuracies, chessRecipe, readPgnGames, splitHeldOut } from '../src/core/games/lm/chess-training';
import { saveModelDir, trainRecipe } from '../src/core/games/lm/recipe';

const { values } = parseArgs({
  options: {
    pgn: { type: 'string', default: CHESS_TRAINING_PGN },
    steps: { type: 'string', default: '1700' },
    out: { type: 'string', default: path.resolve('resources/models/chess') },
    threads: { type: 'string', default: '2' },
    'eval-games': { type: 'string', default: '50' },
  },
});
const threads = Number(values.threads);
const imported = await readPgnGames(values.pgn);
const { train, test } = splitHeldOut(imported.games);
console.log(`${imported.found} games (${imported.issues.length} refused): ${train.length} train, ${test.length} held out`);

const recipe = chessRecipe({ steps: Number(values.steps) });
const rows = chessRows(train);
const run = await trainRecipe(recipe, (step) => chessTrainingBatch(rows, recipe.model.seed, step, recipe.training.batch), {
  threads,
  onStep: (step, loss) => {
    if (step % 50 === 0 || step === recipe.training.schedule.steps - 1) console.log(`step ${step}  loss ${loss.toFixed(4)}`);
  },
});
console.log(`trained in ${run.seconds.toFixed(0)} s`);
const evalGames = test.slice(0, Number(values['eval-games']));
const { accuracy, positions } = await chessLegalMoveAccuracy(run.model, evalGames, { threads });
console.log(`legal-move rate at move starts: ${(100 * accuracy).toFixed(2)}% of ${positions} moves in ${evalGames.length} held-out games`);
const probes = await chessProbeAccuracies(run.model, train.slice(0, 200), evalGames, { threads });
probes.forEach((acc, i) => console.log(`piece_state probe ${i === 0 ? 'embed ' : `layer ${i - 1}`}: ${(100 * acc).toFixed(2)}%`));
const best = probes.indexOf(Math.max(...probes));
await saveModelDir(
  values.out,
  run,
  recipe,
  {
    legalMoveAccuracyAtMoveStarts: accuracy,
    moveStarts: positions,
    heldOutGames: evalGames.length,
    data: path.basename(values.pgn),
    probeAccuracyByLayer: Object.fromEntries(probes.map((a, i) => [i === 0 ? 'embed' : `resid_post_${i - 1}`, a])),
    probeBestLayer: best - 1,
    probeBestAccuracy: probes[best],
    probe: `piece_state (13 classes) per square, ridge least squares + argmax, fitted on 200 training games, scored on the ${evalGames.length} held-out games`,
  },
  threads,
);
console.log(`wrote ${values.out}`);
