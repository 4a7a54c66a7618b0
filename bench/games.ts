import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Rng } from '../src/core/io/rng';
import { generateGames } from '../src/core/games/othello/game';
import { othelloBsps } from '../src/core/games/othello/bsp';
import { importOthelloCsv } from '../src/core/games/othello/import';
import { importPgn } from '../src/core/games/chess/pgn';
import { chessBsps } from '../src/core/games/chess/bsp';
import { evaluateBoardFeatures, splitPositionsByGame } from '../src/core/evals/board/evaluate';
import { sparsify } from '../src/core/evals/board/activations';
import { benchMachine } from './support/machine';

/*
 * Games and board metrics on one core: Othello random-game generation (issue 5 asks for
 * ≥ 20,000 games/s), board-state families, real-record import (WTHOR CSV, PGN), chess
 * families, and coverage + board reconstruction of a sparse random feature matrix.
 * Prints one JSON object.
 */

interface Args {
  games: number;
  repeats: number;
  evalGames: number;
  features: number;
}

function parse(args: string[]): Args {
  const out: Args = { games: 20000, repeats: 5, evalGames: 1000, features: 512 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') continue;
    else if (a === '--games') out.games = Number(args[++i]);
    else if (a === '--repeats') out.repeats = Number(args[++i]);
    else if (a === '--eval-games') out.evalGames = Number(args[++i]);
    else if (a === '--features') out.features = Number(args[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

/** Median seconds over `repeats` calls after one warm-up. */
function time(repeats: number, call: () => unknown): number {
  call();
  const samples: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    call();
    samples.push((performance.now() - t0) / 1000);
  }
  return samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

/** Seconds of a single call, for the slow steps where a warm-up would double the run. */
function once(call: () => unknown): number {
  const t0 = performance.now();
  call();
  return (performance.now() - t0) / 1000;
}

const DATA = path.resolve(import.meta.dirname, '../../shared/data');

export function run(argv: string[]): void {
  const a = parse(argv);
  const genSeconds = time(a.repeats, () => generateGames(a.games, 1));

  const bspGames = generateGames(1000, 2);
  let positions = 0;
  const bspSeconds = time(a.repeats, () => (positions = othelloBsps(bspGames).game.length));

  const wthorText = readFileSync(path.join(DATA, 'othello/wthor_sample_5000.csv'), 'utf8');
  const wthorSeconds = time(3, () => importOthelloCsv(wthorText));

  const pgnText = readFileSync(path.join(DATA, 'chess/masters_Capablanca.pgn'), 'utf8');
  let pgn = importPgn('');
  const pgnSeconds = once(() => (pgn = importPgn(pgnText)));
  const plies = pgn.games.reduce((s, g) => s + g.sans.length, 0);
  const chessGames = pgn.games.slice(0, 100);
  let chessPositions = 0;
  const chessBspSeconds = once(() => (chessPositions = chessBsps(chessGames).game.length));

  const evalGames = generateGames(a.evalGames, 3);
  const { families, game } = othelloBsps(evalGames, { families: ['mine_yours_blank_mask', 'valid_moves'] });
  const { train, test } = splitPositionsByGame(game, a.evalGames / 2);
  const rng = new Rng(4);
  // Sparse non-negative codes (~7% density), like an SAE's.
  const acts = Float32Array.from({ length: game.length * a.features }, () => Math.max(0, rng.normal() - 1.5));
  const evalSeconds = once(() => evaluateBoardFeatures({ acts: { data: acts, features: a.features }, families, train, test }));
  const sparse = sparsify({ data: acts, features: a.features });
  const sparseSeconds = once(() => evaluateBoardFeatures({ acts: sparse, families, train, test }));

  console.log(
    JSON.stringify({
      machine: benchMachine(1),
      othelloGamesPerSecond: Math.round(a.games / genSeconds),
      othelloBspPositionsPerSecond: Math.round(positions / bspSeconds),
      wthorImportSeconds: +wthorSeconds.toFixed(3),
      pgnImport: { file: 'masters_Capablanca.pgn', games: pgn.games.length, plies, seconds: +pgnSeconds.toFixed(2), pliesPerSecond: Math.round(plies / pgnSeconds) },
      chessBspPositionsPerSecond: Math.round(chessPositions / chessBspSeconds),
      boardEval: {
        positions: game.length,
        features: a.features,
        density: +(sparse.index.length / acts.length).toFixed(3),
        families: families.map((f) => f.name),
        denseSeconds: +evalSeconds.toFixed(2),
        sparseSeconds: +sparseSeconds.toFixed(2),
      },
    }),
  );
}
