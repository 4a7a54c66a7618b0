import { z } from 'zod';
import { ChessBoardContext } from './board';
import { Explanation } from './explanations';

/**
 * Rows the explorer encodes by default. The codes and statistics are computed once per run,
 * dataset and row count in a `feature-stats` job (about 2 s for 2048 rows of a d=128,
 * 2048-feature SAE) and cached in the run folder.
 */
export const EXPLORE_ROWS = 2048;

/** Which run and which rows the feature explorer looks at. */
export const FeatureScope = z.object({
  projectDir: z.string().min(1),
  runId: z.string().min(1),
  /** the dataset to explore on; by default the run's own training dataset */
  datasetId: z.string().min(1).optional(),
  /** rows read from the start of the dataset (the codes of every feature on each are computed) */
  maxRows: z.number().int().positive().max(65_536).default(EXPLORE_ROWS),
});

/**
 * Every feature of a run, columnar (one array per column, index = feature id), so a
 * 16k-feature list travels as a handful of arrays.
 */
export const FeatureTable = z.object({
  runId: z.string(),
  datasetId: z.string(),
  rows: z.number().int(),
  features: z.number().int(),
  /** true when the rows carry board-state labels (an Othello extraction) */
  hasBoards: z.boolean(),
  frequency: z.array(z.number()),
  maxActivation: z.array(z.number()),
  meanActivation: z.array(z.number()),
  /** best board-property F1 (0 without labels or when the feature never fires) */
  bestF1: z.array(z.number()),
  bestProperty: z.array(z.string().nullable()),
  /** true when the dataset carries a token sidecar (examples render as token sequences) */
  hasTokens: z.boolean(),
  /** the run's explanations.json per feature (null where a feature has none) */
  explanation: z.array(z.string().nullable()),
  explanationScore: z.array(z.number().nullable()),
});
export type FeatureTable = z.infer<typeof FeatureTable>;

/**
 * What `listFeatures` answers: the table when the run's statistics are cached, otherwise the
 * `feature-stats` job computing them (the screen follows its progress, then asks again).
 */
export const FeatureListing = z.discriminatedUnion('status', [
  z.object({ status: z.literal('ready'), table: FeatureTable }),
  z.object({ status: z.literal('computing'), jobId: z.string() }),
]);
export type FeatureListing = z.infer<typeof FeatureListing>;

export const SquareState = z.enum(['black', 'white', 'mine', 'yours', 'empty']);

/**
 * An example row's place in its token sequence: a window of the sequence around the row's
 * token, the index of that token in the window, and the feature's activation at each token
 * of the window (null where that position is not among the explored rows).
 */
export const TokenContext = z.object({
  sequence: z.number().int(),
  position: z.number().int(),
  tokens: z.array(z.string()),
  at: z.number().int(),
  activations: z.array(z.number().nullable()),
});
export type TokenContext = z.infer<typeof TokenContext>;

/** An Othello example's board: stone colours (or mine/yours) on a1..h8 and the square just played. */
export const OthelloBoardContext = z.object({ kind: z.literal('othello'), game: z.number(), ply: z.number(), squares: z.array(SquareState), move: z.number().nullable() });

export const FeatureDetail = z.object({
  feature: z.number().int(),
  frequency: z.number(),
  maxActivation: z.number(),
  meanActivation: z.number(),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()), rows: z.number() }),
  examples: z.array(
    z.object({
      row: z.number().int(),
      activation: z.number(),
      board: z.union([OthelloBoardContext, ChessBoardContext]).nullable(),
      tokens: TokenContext.nullable(),
    }),
  ),
  properties: z.array(
    z.object({ family: z.string(), cell: z.number(), label: z.string(), square: z.number().nullable(), threshold: z.number(), precision: z.number(), recall: z.number(), f1: z.number() }),
  ),
  nearest: z.array(z.object({ feature: z.number().int(), cosine: z.number() })),
  explanation: Explanation.omit({ feature: true }).nullable(),
});
export type FeatureDetail = z.infer<typeof FeatureDetail>;

/** A run's board benchmark on the explored rows; null where the rows carry no board labels. */
export const BoardScores = z
  .object({
    family: z.string(),
    coverage: z.number(),
    coveragePositive: z.number(),
    boardReconstruction: z.number(),
    trainPositions: z.number().int(),
    testPositions: z.number().int(),
  })
  .nullable();
export type BoardScores = z.infer<typeof BoardScores>;
