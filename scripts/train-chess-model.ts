/**
 * Trains the character-level chess transcript model on real games and reports its legal-move
 * rate at move starts:
 *   npx tsx scripts/train-chess-model.ts [--steps N] [--out DIR] [--threads N]
 * Data: ../shared/data/chess/lichess_user_games_2026.pgn (Lichess exports, CC0; see its
 * SOURCES.md), the last 10% of games held out.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { importPgn } from '../src/core/games/chess';
import { CHESS_MODEL, chessLegalMoveAccuracy, chessRows, chessTrainingBatch } from '../src/core/games/lm/chess';
import { saveModelDir, trainRecipe, type Recipe } from '../src/core/games/lm/recipe';

const { values } = parseArgs({
  options: {
    pgn: { type: 'string', default: path.resolve('../shared/data/chess/lichess_user_games_2026.pgn') },
    steps: { type: 'string', default: '600' },
    out: { type: 'string', default: path.resolve('resources/models/chess') },
    threads: { type: 'string', default: '2' },
    'eval-games': { type: 'string', default: '20' },
  },
});
const threads = Number(values.threads);
const imported = importPgn(await fs.readFile(values.pgn, 'utf8'), { maxPlies: 80 });
const games = imported.games.filter((g) => g.sans.length >= 10);
const split = Math.floor(games.length * 0.9);
const [train, test] = [games.slice(0, split), games.slice(split)];
console.log(`${games.length} games (${imported.issues.length} refused): ${train.length} train, ${test.length} held out`);

const recipe: Recipe = {
  model: CHESS_MODEL,
  training: { batch: 32, target: 'next-token', weightDecay: 0.1, beta2: 0.95, clipNorm: 1, schedule: { steps: Number(values.steps), peakLr: 2e-3, warmupSteps: 50, floor: 0.1 } },
};
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
await saveModelDir(values.out, run, recipe, { legalMoveAccuracyAtMoveStarts: accuracy, moveStarts: positions, heldOutGames: evalGames.length, data: path.basename(values.pgn) }, threads);
console.log(`wrote ${values.out}`);
