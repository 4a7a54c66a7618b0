import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { BoardGame } from '../../../shared/schemas/dataset';
import { CHESS_MODEL, chessLegalMoveAccuracy, chessRows, chessTrainingBatch } from '../../games/lm/chess';
import { CHESS_TRAINING_PGN, chessProbeAccuracies, chessRecipe, describeIssue, readPgnGames, splitHeldOut } from '../../games/lm/chess-training';
import { OTHELLO_MODEL, OTHELLO_TRAINING, othelloHeldOutGames, othelloLegalMoveAccuracy, othelloProbeAccuracies, othelloTrainingBatch } from '../../games/lm/othello';
import { saveModelDir, trainRecipe, withChanges, type Recipe, type TrainedRun } from '../../games/lm/recipe';
import type { TokenBatch } from '../../games/lm/train';
import type { TranscriptModel } from '../../games/lm/model';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { defineJobKind, type CommitContext, type JobContext } from '../kind';
import { commitModelFolder } from './commit-model';

/** Refused games listed one by one in the job log; the rest are counted. */
const ISSUES_LOGGED = 20;

/** Absent settings take the game's recipe (OTHELLO_MODEL/OTHELLO_TRAINING, chessRecipe). */
const TrainParams = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    game: BoardGame.default('othello'),
    /** chess: the PGN file to train on (default: the bundled Lichess games); its last 10% of games are held out */
    pgn: z.string().min(1).optional(),
    d: z.number().int().positive().max(1024).optional(),
    layers: z.number().int().positive().max(16).optional(),
    heads: z.number().int().positive().max(32).optional(),
    steps: z.number().int().positive().max(1_000_000).optional(),
    batch: z.number().int().positive().max(4096).optional(),
    peakLr: z.number().positive().max(1).optional(),
    /** Othello only: 'distribution' trains on the generator's move distribution; chess games have none */
    target: z.enum(['next-token', 'distribution']).optional(),
    seed: z.number().int().nonnegative().optional(),
    /** legal-move accuracy on held-out games every this many steps (and at the end) */
    evalEvery: z.number().int().positive().default(100),
    /** held-out games for the legal-move accuracy (default Othello 200, chess 20) */
    evalGames: z.number().int().positive().max(10_000).optional(),
    threads: z.number().int().positive().max(64).optional(),
  })
  .strict()
  .refine((p) => p.game === 'chess' || p.pgn === undefined, { message: 'a PGN file trains a chess model: set game to "chess"', path: ['pgn'] })
  .refine((p) => p.game === 'othello' || p.target !== 'distribution', { message: 'chess games carry no move distribution: use target "next-token"', path: ['target'] })
  .refine((p) => (p.d ?? defaultGpt(p.game).d) % (p.heads ?? defaultGpt(p.game).heads) === 0, { message: 'the model width must be divisible by the number of heads', path: ['heads'] });
type TrainParams = z.output<typeof TrainParams>;

/** The game's recipe with the settings given (the params are parsed again in the job process, so they stay as given). */
const recipeOf = (p: TrainParams): Recipe => (p.game === 'chess' ? chessRecipe(p) : withChanges({ model: OTHELLO_MODEL, training: OTHELLO_TRAINING }, p));
const defaultGpt = (game: BoardGame) => (game === 'chess' ? CHESS_MODEL.gpt : OTHELLO_MODEL.gpt);
const nameOf = (p: TrainParams) => p.name ?? (p.game === 'chess' ? 'Chess transcript model' : 'Othello transcript model');
const evalGamesOf = (p: TrainParams) => p.evalGames ?? (p.game === 'chess' ? 20 : 200);


const TrainResult = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  game: BoardGame,
  /** Othello: top-1 legal next move over every prefix; chess: legal greedy move at every move start */
  legalMoveAccuracy: z.number(),
  probeAccuracyByLayer: z.array(z.number()),
  trainingSeconds: z.number(),
});
type TrainResult = z.infer<typeof TrainResult>;

/** How one game's data feeds the shared training body. */
interface GameData {
  batch(step: number): TokenBatch;
  accuracy(model: TranscriptModel): Promise<number>;
  probes(model: TranscriptModel): Promise<number[]>;
  metrics: Record<string, unknown>;
}

/**
 * Trains a transcript GPT (src/core/games/lm) on Othello games or the games of a PGN file,
 * with live loss and held-out legal-move accuracy, then probes every layer for the board
 * (Othello mine/theirs/empty, chess piece_state); the weights and config.json land in models/<id>/.
 */
export const trainGameModelKind = defineJobKind({
  kind: 'train-game-model',
  doc: 'Train a GPT on Othello transcripts or on the games of a PGN file (game "chess", next-character loss); reports loss, legal-move accuracy and per-layer board probes; saves models/<id>/.',
  params: TrainParams,
  result: TrainResult,
  pathParams: ['pgn'],
  title: (p) => {
    const { model, training } = recipeOf(p);
    return `Train ${p.game} model d=${model.gpt.d} × ${model.gpt.layers} layers, ${training.schedule.steps} steps`;
  },
  async run(ctx) {
    const p = ctx.params;
    const name = nameOf(p);
    const id = p.id ?? newEntryId(name);
    const threads = p.threads ?? 2;
    const recipe = recipeOf(p);
    const data = p.game === 'chess' ? await chessData(ctx, recipe, threads) : othelloData(p, recipe, threads);
    const run = await train(ctx, recipe, data, threads);
    ctx.throwIfCancelled();
    const legalMoveAccuracy = await data.accuracy(run.model);
    const probes = await data.probes(run.model);
    ctx.log(`legal-move accuracy ${(100 * legalMoveAccuracy).toFixed(2)}%; probe accuracy by layer ${probes.map((a) => (100 * a).toFixed(1)).join(', ')}%`);
    const info = await saveModelDir(
      path.join(ctx.workDir, id),
      run,
      recipe,
      { ...data.metrics, legalMoveAccuracy, legalMoveGames: evalGamesOf(p), probeAccuracyByLayer: Object.fromEntries(probes.map((a, i) => [i === 0 ? 'embed' : `resid_post_${i - 1}`, a])) },
      threads,
    );
    return { id, name, createdAt: info.createdAt, game: p.game, legalMoveAccuracy, probeAccuracyByLayer: probes, trainingSeconds: info.trainingSeconds };
  },
  commit: commitModel,
});

async function train(ctx: JobContext<TrainParams>, recipe: Recipe, data: GameData, threads: number): Promise<TrainedRun> {
  const p = ctx.params;
  const steps = recipe.training.schedule.steps;
  let accuracy = NaN;
  return trainRecipe(recipe, (step) => data.batch(step), {
    threads,
    signal: ctx.signal,
    onStep: async (step, loss, current) => {
      if ((step + 1) % p.evalEvery === 0 && step + 1 < steps) {
        accuracy = await data.accuracy(current());
        ctx.log(`step ${step + 1}: loss ${loss.toFixed(4)}, legal-move accuracy ${(100 * accuracy).toFixed(2)}%`);
      }
      ctx.progress(step + 1, steps, { unit: 'steps', metrics: { loss, ...(Number.isNaN(accuracy) ? {} : { legalMoveAccuracy: accuracy }) } });
    },
  });
}

function othelloData(p: TrainParams, recipe: Recipe, threads: number): GameData {
  const evalGames = evalGamesOf(p);
  const held = othelloHeldOutGames(evalGames);
  return {
    batch: (step) => othelloTrainingBatch(recipe.model.seed, step, recipe.training.batch),
    accuracy: (model) => othelloLegalMoveAccuracy(model, held, { threads }),
    probes: (model) => othelloProbeAccuracies(model, othelloHeldOutGames(Math.max(100, evalGames), 1), othelloHeldOutGames(Math.max(50, Math.floor(evalGames / 2)), 2), { threads }),
    metrics: {},
  };
}

/** Games of the PGN file (refused ones logged, never fatal), the last 10% held out. */
async function chessData(ctx: JobContext<TrainParams>, recipe: Recipe, threads: number): Promise<GameData> {
  const p = ctx.params;
  const file = p.pgn ?? CHESS_TRAINING_PGN;
  const imported = await readPgnGames(file);
  imported.issues.slice(0, ISSUES_LOGGED).forEach((i) => ctx.log(`skipped ${describeIssue(i)}`, 'warn'));
  if (imported.issues.length > ISSUES_LOGGED) ctx.log(`skipped ${imported.issues.length - ISSUES_LOGGED} more games`, 'warn');
  const { train, test } = splitHeldOut(imported.games);
  if (test.length === 0) throw new StudioError('bad-input', `the file has ${train.length} games of 10 or more moves: too few to hold any out`, file);
  ctx.log(`${imported.found} games in ${path.basename(file)}, ${imported.issues.length} refused: training on ${train.length}, ${test.length} held out`);
  const rows = chessRows(train);
  const evalGames = evalGamesOf(p);
  const held = test.slice(0, evalGames);
  return {
    batch: (step) => chessTrainingBatch(rows, recipe.model.seed, step, recipe.training.batch),
    accuracy: async (model) => (await chessLegalMoveAccuracy(model, held, { threads })).accuracy,
    probes: (model) => chessProbeAccuracies(model, train.slice(0, Math.max(50, evalGames)), held, { threads }),
    metrics: { data: path.basename(file), trainGames: train.length, heldOutGames: test.length, refusedGames: imported.issues.length, legalMoveMeasure: 'greedy continuation at every move start is a legal move' },
  };
}

async function commitModel({ project, workDir }: CommitContext, result: TrainResult): Promise<void> {
  await commitModelFolder(project, workDir, result);
}
