import { z } from 'zod';

/** Pairwise accuracy on the held-out pairs with its bootstrap 95% interval (and per category). */
export const RewardAccuracy = z.object({
  accuracy: z.number(),
  accuracyLow: z.number(),
  accuracyHigh: z.number(),
  pairs: z.number().int(),
  byCategory: z.record(z.string(), z.object({ accuracy: z.number(), pairs: z.number().int() })).optional(),
});
export type RewardAccuracy = z.infer<typeof RewardAccuracy>;

export const REWARD_MODELS = ['saeHead', 'denseHead', 'length', 'topkHead'] as const;
export const REWARD_MODEL_TITLES: Record<(typeof REWARD_MODELS)[number], string> = {
  saeHead: 'head on SAE features',
  denseHead: 'dense head on the raw states',
  length: 'response length',
  topkHead: 'head on post-TopK features',
};

/** models/<id>/reward.json: what was trained, on what, and how it scored. */
export const RewardModelInfo = z.object({
  kind: z.literal('reward'),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  pairsFile: z.string(),
  /** where the hidden states came from: an imported file, or the built-in text model and its layer */
  states: z.string(),
  pairs: z.number().int(),
  skipped: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  d: z.number().int(),
  width: z.number().int(),
  k: z.number().int(),
  phi: z.enum(['pre', 'post']),
  mode: z.enum(['head', 'joint']),
  config: z.record(z.string(), z.unknown()),
  models: z.object({ saeHead: RewardAccuracy, denseHead: RewardAccuracy, length: RewardAccuracy, topkHead: RewardAccuracy }),
  /** the SAE's normalised reconstruction error on training states at the end (null when it was not trained) */
  saeRec: z.number().nullable(),
  testPairs: z.number().int(),
  seconds: z.number(),
});
export type RewardModelInfo = z.infer<typeof RewardModelInfo>;

export const RewardWeight = z.object({ feature: z.number().int(), weight: z.number() });

export const RewardModelDetail = RewardModelInfo.extend({
  /** the head's largest positive and negative weights */
  topPositive: z.array(RewardWeight),
  topNegative: z.array(RewardWeight),
  /** per test pair: index, reward of chosen and rejected, category */
  testScores: z.array(z.object({ pair: z.number().int(), chosen: z.number(), rejected: z.number() })),
});
export type RewardModelDetail = z.infer<typeof RewardModelDetail>;

export const RewardFeatureRow = z.object({
  feature: z.number().int(),
  weight: z.number(),
  chosen: z.number(),
  rejected: z.number(),
  /** w·(φ_chosen − φ_rejected) */
  delta: z.number(),
});

export const RewardPairView = z.object({
  pair: z.number().int(),
  id: z.string(),
  prompt: z.string(),
  chosen: z.string(),
  rejected: z.string(),
  category: z.string().nullable(),
  split: z.enum(['train', 'test']),
  rewardChosen: z.number(),
  rewardRejected: z.number(),
  /** the features that decided the pair, largest |delta| first; the deltas of all features sum to the margin */
  features: z.array(RewardFeatureRow),
  /** the margin not shown among `features` */
  rest: z.number(),
});
export type RewardPairView = z.infer<typeof RewardPairView>;

export const ShiftGroup = z.object({
  chosenMeanDelta: z.number(),
  rejectedMeanDelta: z.number(),
  /** mean |Δ| per pair (signed means can cancel between pairs) */
  chosenMeanAbsDelta: z.number(),
  rejectedMeanAbsDelta: z.number(),
  pairs: z.number().int(),
});
export const RewardShift = z.object({
  target: ShiftGroup,
  complement: ShiftGroup,
  /** the complement's mean |Δ chosen| over the target's; null when the target's chosen rewards do not move */
  complementRatio: z.number().nullable(),
  /** the bound "nearly unchanged" is held to (docs/reward.md) */
  complementRatioBound: z.number(),
  /** complementRatio ≤ complementRatioBound */
  nearlyUnchanged: z.boolean(),
  flips: z.number().int(),
  flipped: z.array(z.object({ pair: z.number().int(), before: z.number(), after: z.number() })),
  /** how the target domain was chosen, in words */
  targetRule: z.string(),
  edits: z.record(z.string(), z.tuple([z.enum(['+', '*']), z.number()])),
});
export type RewardShift = z.infer<typeof RewardShift>;

/**
 * A feature proposed for a shift (candidates.ts's rule): s on the target, t on the rest; a_T, a_C its mean |latent| per chosen
 * answer on the target and on the rest; specificity (a_T − a_C)/(a_T + a_C); predictedRatio a_C/a_T, the complement ratio a
 * × v edit of it alone gives; coverage, the share of the target's chosen answers where it fires.
 */
export const RewardCandidate = z.object({
  feature: z.number().int(),
  s: z.number(),
  t: z.number(),
  specificity: z.number(),
  predictedRatio: z.number(),
  coverage: z.number(),
  weight: z.number(),
});
export type RewardCandidate = z.infer<typeof RewardCandidate>;

/** One feature of a reward model's SAE: its weight, how often it fires, and the responses where it fires most. */
export const RewardFeatureView = z.object({
  feature: z.number().int(),
  weight: z.number(),
  /** share of the chosen and of the rejected responses where its TopK latent is non-zero */
  chosenFrequency: z.number(),
  rejectedFrequency: z.number(),
  /** the responses with the largest latent, largest first; `context` is the end of prompt + response that the state was read at (its last byte) */
  top: z.array(z.object({ pair: z.number().int(), side: z.enum(['chosen', 'rejected']), value: z.number(), context: z.string() })),
});
export type RewardFeatureView = z.infer<typeof RewardFeatureView>;

/** The target domain of a preference shift: the pairs of one category, or whose prompt matches a pattern. */
export const ShiftTarget = z.union([z.object({ category: z.string().min(1) }), z.object({ promptMatches: z.string().min(1) })]);
export type ShiftTarget = z.infer<typeof ShiftTarget>;

/** One set of pairs' figures for a domain's shift (domain-scan.ts). */
export const DomainShiftMeasure = z.object({
  targetPairs: z.number().int(),
  complementPairs: z.number().int(),
  complementRatio: z.number().nullable(),
  /** target chosen answers where the edited feature fires, and their share */
  targetChosenMoved: z.number().int(),
  coverage: z.number(),
  targetChosenMeanDelta: z.number(),
  /** mean change of the target's margin r_c − r_r */
  targetMarginDelta: z.number(),
  flips: z.number().int(),
});

/**
 * A preference shift on one of the studio's fixed domains: its first candidate picked on the training pairs, the edit × 2
 * measured on the training pairs, all pairs and the held-out pairs (docs/reward.md, "Domains the text model can see").
 */
export const DomainShiftRow = z.object({
  id: z.string(),
  title: z.string(),
  promptMatches: z.string(),
  pairs: z.number().int(),
  /** why nothing was measured: too few target pairs, or no candidate */
  skipped: z.string().optional(),
  feature: z.number().int().optional(),
  weight: z.number().optional(),
  predictedRatio: z.number().optional(),
  train: DomainShiftMeasure.optional(),
  all: DomainShiftMeasure.optional(),
  heldOut: DomainShiftMeasure.optional(),
  /** held-out ratio within the bound, the feature firing on a tenth of the held-out target's chosen answers */
  holdsHeldOut: z.boolean().optional(),
});
export type DomainShiftRow = z.infer<typeof DomainShiftRow>;

export const RewardDomainScan = z.object({
  edit: z.tuple([z.enum(['+', '*']), z.number()]),
  bound: z.number(),
  minCoverage: z.number(),
  minPairs: z.number().int(),
  domains: z.array(DomainShiftRow),
  /** the topic domain with the smallest training ratio (chosen without the held-out pairs), or null */
  bestOnTraining: z.string().nullable(),
  /** the domains that hold on the held-out pairs */
  holdHeldOut: z.array(z.string()),
});
export type RewardDomainScan = z.infer<typeof RewardDomainScan>;
