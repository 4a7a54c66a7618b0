/**
 * The Othello transcript model (ALGORITHMS-DETAIL §1.1): Othello-GPT's tokens and loss on a
 * smaller GPT, trained on fresh seeded random games, checked by the top-1 legal-move rate.
 */
import { MAX_MOVES, VOCAB_SIZE, BLOCK_SIZE, gameMoves, gamesToTokens, generateGames, legalMoves, othelloBsps, replay, squareToToken, tokenToSquare, type OthelloGames } from '../othello';
import type { TranscriptModel, TranscriptModelConfig } from './model';
import { fitLinearProbe, probeAccuracy } from './probe';
import { collectResiduals } from './residuals';
import type { Schedule, TokenBatch } from './train';

/** The shipped model's recipe, chosen by measurement on 2 CPU cores (resources/models/othello/config.json). */
export const OTHELLO_MODEL: TranscriptModelConfig = {
  game: 'othello',
  seed: 44,
  gpt: { vocab: VOCAB_SIZE, context: BLOCK_SIZE, d: 128, heads: 4, layers: 4 },
};

export const OTHELLO_TRAINING = {
  batch: 64,
  target: 'distribution' as const,
  weightDecay: 0.1,
  beta2: 0.95,
  clipNorm: 1,
  schedule: { steps: 2800, peakLr: 3e-3, warmupSteps: 100, floor: 0.1 } satisfies Schedule,
};

/** Held-out games come from seeds at and above this, training batches from seeds below it. */
export const HELD_OUT_SEED = 1_000_000_000;

/**
 * Step `step`'s training games: `batch` fresh random games from a seed fixed by (seed, step),
 * with, for every real target, the distribution it was drawn from (uniform over the legal
 * moves of the side to move, as generateGames draws).
 */
export function othelloTrainingBatch(seed: number, step: number, batch: number): TokenBatch {
  const T = BLOCK_SIZE;
  const dist = new Float32Array(batch * T * VOCAB_SIZE);
  // Move n was drawn uniformly from `squares`: that is the target distribution at position n − 1.
  const games = generateGames(batch, (seed * 7919 + step) % HELD_OUT_SEED, (g, move, squares, n) => {
    if (move === 0) return;
    const row = (g * T + move - 1) * VOCAB_SIZE;
    for (let k = 0; k < n; k++) dist[row + squareToToken(squares[k])] = 1 / n;
  });
  return { rows: batch, width: MAX_MOVES, tokens: gamesToTokens(games), lengths: games.lengths, dist };
}

export function othelloHeldOutGames(count: number, seed = 0): OthelloGames {
  return generateGames(count, HELD_OUT_SEED + seed);
}

/**
 * Legal squares to move next at every position a model with block size 59 predicts from:
 * position t (after move t) of game g, for t + 1 < length. A 64-bit mask per position.
 */
export function nextMoveMasks(games: OthelloGames): { game: Uint32Array; ply: Uint8Array; legal: BigUint64Array } {
  const game: number[] = [];
  const ply: number[] = [];
  const legal: bigint[] = [];
  const buf = new Uint8Array(64);
  for (let g = 0; g < games.count; g++) {
    const moves = gameMoves(games, g);
    replay(moves.subarray(0, Math.min(moves.length - 1, BLOCK_SIZE)), (s) => {
      if (s.next === 0) return;
      let m = 0n;
      const n = legalMoves(s.board, s.next, buf);
      for (let k = 0; k < n; k++) m |= 1n << BigInt(buf[k]);
      game.push(g);
      ply.push(s.ply);
      legal.push(m);
    });
  }
  return { game: Uint32Array.from(game), ply: Uint8Array.from(ply), legal: BigUint64Array.from(legal) };
}

/** Whether the argmax of logits[at, at + V) is a square in the `legal` mask (padding never is). */
export function legalTop1(logits: ArrayLike<number>, at: number, V: number, legal: bigint): boolean {
  let best = 0;
  for (let v = 1; v < V; v++) if (logits[at + v] > logits[at + best]) best = v;
  return best !== 0 && ((legal >> BigInt(tokenToSquare(best))) & 1n) === 1n;
}

/**
 * Top-1 legal-move rate (Othello-GPT's model check): over every prefix of every game, the
 * share of positions whose argmax next token is a move legal in the true position.
 */
export async function othelloLegalMoveAccuracy(model: TranscriptModel, games: OthelloGames, opts: { batch?: number; threads?: number } = {}): Promise<number> {
  const batch = opts.batch ?? 100;
  const T = model.config.gpt.context;
  const V = model.config.gpt.vocab;
  const program = await model.compileInference(batch, { threads: opts.threads });
  const tokens = gamesToTokens(games);
  const { game, ply, legal } = nextMoveMasks(games);
  let hits = 0;
  try {
    let k = 0;
    for (let g0 = 0; g0 < games.count; g0 += batch) {
      const ids = new BigInt64Array(batch * T);
      for (let r = 0; r < batch && g0 + r < games.count; r++) {
        for (let t = 0; t < T; t++) ids[r * T + t] = BigInt(tokens[(g0 + r) * MAX_MOVES + t]);
      }
      const logits = (await program.run({ ids })).logits as Float32Array;
      for (; k < game.length && game[k] < g0 + batch; k++) {
        if (legalTop1(logits, ((game[k] - g0) * T + ply[k]) * V, V, legal[k])) hits++;
      }
    }
  } finally {
    await program.dispose();
  }
  return game.length ? hits / game.length : 0;
}

/**
 * Held-out accuracy of a mine/theirs/empty probe at every layer (−1 = embeddings, then
 * resid_post of each block): fitted on `train` games' positions, scored on `test` games'
 * positions, per square. "Mine" is the side to move next (passes handled).
 */
export async function othelloProbeAccuracies(model: TranscriptModel, train: OthelloGames, test: OthelloGames, opts: { threads?: number; ridge?: number } = {}): Promise<number[]> {
  const layers = Array.from({ length: model.config.gpt.layers + 1 }, (_, i) => i - 1);
  const labels = (games: OthelloGames) => othelloBsps(games, { maxPlies: model.config.gpt.context, families: ['mine_yours'] }).families[0].data;
  const [a, b] = [await collectResiduals(model, train, layers, opts), await collectResiduals(model, test, layers, opts)];
  const [ya, yb] = [labels(train), labels(test)];
  const D = model.config.gpt.d;
  return layers.map((_, li) => {
    const probe = fitLinearProbe(a.byLayer[li], a.game.length, D, ya, 3, opts.ridge);
    return probeAccuracy(probe, b.byLayer[li], b.game.length, yb);
  });
}
