import { z } from 'zod';
import { Evidence } from './corpus';

/** The models of the review workspace's one table (issue 17), in the order tables list them. */
export const REVIEW_MODELS = ['discovered', 'lengthOnly', 'bagOfWords', 'embedding', 'allFamilies'] as const;
export const REVIEW_MODEL_TITLES: Record<(typeof REVIEW_MODELS)[number], string> = {
  discovered: 'discovered features (beam search)',
  lengthOnly: 'length only',
  bagOfWords: 'bag of words (500 terms, ridge)',
  embedding: 'text-model embedding (ridge)',
  allFamilies: 'all registry features (ridge)',
};

const num = z.number().nullable();

/** Where a discovery scored its candidate sets (config.selection), in words: the split its same-split figure is measured on. */
export const selectionSplitText = (config: Readonly<Record<string, unknown>>): string =>
  config.selection === 'cv' ? 'out of fold over product-grouped folds of train + validation' : 'on the validation split';

/** Test-split metrics of one model, with bootstrap 95% intervals. */
export const ReviewModelMetrics = z.object({
  spearman: num,
  spearmanLow: num,
  spearmanHigh: num,
  mae: num,
  maeLow: num,
  maeHigh: num,
  ndcg10: num,
  ndcg10Low: num,
  ndcg10High: num,
  ndcgProducts: z.number().int(),
});
export type ReviewModelMetrics = z.infer<typeof ReviewModelMetrics>;

export const ReviewSource = z.enum(['registry', 'template', 'lexicon', 'reflection', 'memory', 'llm', 'prompt']);
/** A source as the tables print it: the PROMPT features (from the optional endpoint) in capitals, as the screens and the report name them. */
export const sourceText = (source: z.infer<typeof ReviewSource>): string => (source === 'prompt' ? 'PROMPT' : source);

/** A definition in the review feature language (validated by core's parser, stored as JSON). */
export const FeatureExpr = z.record(z.string(), z.unknown());

export const KeptReviewFeature = z.object({
  name: z.string(),
  description: z.string(),
  definition: FeatureExpr,
  source: ReviewSource,
  weight: z.number(),
  rhoValid: num,
  rhoTrain: num,
  scale: z.object({ min: z.number(), max: z.number() }),
  trainMean: z.number(),
});
export type KeptReviewFeature = z.infer<typeof KeptReviewFeature>;

export const ReviewHypothesis = z.object({
  name: z.string(),
  description: z.string(),
  definition: FeatureExpr,
  source: ReviewSource,
  round: z.number().int(),
  why: z.string(),
  rhoTrain: num,
  rhoValid: num,
  status: z.enum(['kept', 'dropped']),
  reason: z.string(),
});
export type ReviewHypothesis = z.infer<typeof ReviewHypothesis>;

/** models/<id>/reviews.json: a discovery, its kept features, its history and its table. */
export const ReviewModelInfo = z.object({
  kind: z.literal('reviews'),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  corpusId: z.string(),
  /** the quality target as read (e.g. HelpfulnessNumerator/HelpfulnessDenominator (rows with HelpfulnessDenominator ≥ 3)) */
  target: z.string(),
  task: z.string(),
  scene: z.string(),
  config: z.record(z.string(), z.unknown()),
  counts: z.object({ train: z.number().int(), valid: z.number().int(), test: z.number().int(), skipped: z.number().int() }),
  kept: z.array(KeptReviewFeature),
  intercept: z.number(),
  hypotheses: z.array(ReviewHypothesis),
  rounds: z.array(z.object({ round: z.number().int(), proposed: z.number().int(), pool: z.number().int(), validRho: z.number(), kept: z.array(z.string()) })),
  models: z.record(z.string(), ReviewModelMetrics),
  /** the discovered set's ρ on the split it was selected on: the figure the reference reports */
  spearmanSelectionSplit: z.number().nullable(),
  /** whether the studio-wide memory was read (and is written) besides the project's */
  studioMemory: z.boolean(),
  /** tasks the memory brought in, with their scene similarity */
  memory: z.array(z.object({ task: z.string(), similarity: z.number(), features: z.array(z.string()) })),
  /** the discovered model on each test review */
  test: z.array(z.object({ id: z.string(), group: z.string(), target: z.number(), predicted: z.number() })),
  notes: z.array(z.string()),
  seconds: z.number(),
});
export type ReviewModelInfo = z.infer<typeof ReviewModelInfo>;

/** One review under a discovered model: its score, each kept feature's contribution and evidence. */
export const ReviewView = z.object({
  id: z.string(),
  text: z.string(),
  group: z.string(),
  target: z.number().nullable(),
  predicted: z.number(),
  /** the prediction of a review with every feature at its training mean */
  base: z.number(),
  contributions: z.array(z.object({ name: z.string(), description: z.string(), value: z.number(), contribution: z.number(), evidence: z.array(Evidence) })),
});
export type ReviewView = z.infer<typeof ReviewView>;
