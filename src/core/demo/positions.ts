/**
 * Where the demo's positions come from, per game, and how their activations are extracted
 * with the board labels: Othello's seeded random games, or the bundled chess games
 * (Capablanca's, which the shipped chess model never trained on), read at the paper's positions.
 */
import path from 'node:path';
import type { BoardGame, DatasetMeta } from '../../shared/schemas/dataset';
import { CHESS_LOW_LEVEL, OTHELLO_HEADLINE } from '../evals/board/evaluate';
import { extractChessActivations } from '../games/lm/chess-extract';
import { CHESS_EXTRACTION_PGN, readPgnGames } from '../games/lm/chess-training';
import { extractOthelloActivations } from '../games/lm/extract';
import type { TranscriptModel } from '../games/lm/model';
import { gameMoves, generateGames, moveListText } from '../games/othello';
import type { DemoPlan } from './sizes';

export interface ExtractRequest {
  model: TranscriptModel;
  layer: number;
  datasetDir: string;
  id: string;
  name: string;
  trainFraction: number;
  threads: number;
  signal?: AbortSignal;
  onProgress(rows: number, total: number): void;
}

export interface DemoPositions {
  game: BoardGame;
  /** games read */
  count: number;
  /** what the report says of them */
  description: string;
  /** the family the board metrics score (ALGORITHMS-DETAIL §1.5) */
  headline: string;
  /** one game's moves a line, written beside the activations so the dataset can be rebuilt */
  text(): string;
  extract(request: ExtractRequest): Promise<DatasetMeta>;
}

// last_move and flipped feed the Concepts screen's "last move" and "flipped" categories (issue 21)
const OTHELLO_FAMILIES = ['mine_yours', OTHELLO_HEADLINE, 'valid_moves', 'last_move', 'flipped'] as const;
/** Move-number dots read per chess game, the paper's. */
const CHESS_DOTS = 20;

export async function demoPositions(game: BoardGame, plan: DemoPlan, seed: number): Promise<DemoPositions> {
  if (game === 'othello') {
    const games = generateGames(plan.games, seed);
    return {
      game,
      count: games.count,
      description: `${games.count.toLocaleString('en-US')} random legal games (seed ${seed})`,
      headline: OTHELLO_HEADLINE,
      text: () => Array.from({ length: games.count }, (_, g) => `${moveListText(gameMoves(games, g))}\n`).join(''),
      extract: (r) => extractOthelloActivations({ ...r, games, families: OTHELLO_FAMILIES }),
    };
  }
  // The last dot read sits before move 2·(dots − 1) + 1, so later moves are never needed.
  const imported = await readPgnGames(CHESS_EXTRACTION_PGN, { maxPlies: 2 * CHESS_DOTS });
  const games = imported.games.slice(0, plan.games);
  return {
    game,
    count: games.length,
    description: `${games.length === imported.games.length ? 'all' : 'the first'} ${games.length} games of ${path.basename(CHESS_EXTRACTION_PGN)}${imported.issues.length ? ` (${imported.issues.length} games of the file refused)` : ''}`,
    headline: CHESS_LOW_LEVEL,
    text: () => games.map((g) => `${g.sans.join(' ')}\n`).join(''),
    extract: (r) => extractChessActivations({ ...r, games, dotsPerGame: CHESS_DOTS, families: [CHESS_LOW_LEVEL] }),
  };
}
