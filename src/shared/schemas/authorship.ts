import { z } from 'zod';
import { Evidence } from './corpus';

/** One system's scores on the test pairs: the reference's accuracy, per-class F1 and ROC-AUC, and PAN's suite. */
export const AuthorshipMetrics = z.object({
  accuracy: z.number(),
  auc: z.number(),
  f1Same: z.number(),
  f1Different: z.number(),
  c1: z.number(),
  f05u: z.number(),
  /** 1 − Brier loss (PAN's convention: higher is better) */
  brier: z.number(),
  /** PAN's F1 (non-answers left out) */
  f1: z.number(),
  panMean: z.number(),
});
export type AuthorshipMetrics = z.infer<typeof AuthorshipMetrics>;

export const AUTHORSHIP_SYSTEMS = ['interpretable', 'residualized', 'neuralOnly'] as const;
export type AuthorshipSystem = (typeof AUTHORSHIP_SYSTEMS)[number];
export const AUTHORSHIP_SYSTEM_TITLES: Record<AuthorshipSystem, string> = {
  interpretable: 'interpretable (Gram2Vec cosine)',
  residualized: 'residualized (s_I + r̂)',
  neuralOnly: 'neural only (same encoder and head on y)',
};

export const AuthorshipFaithfulness = z.object({
  meanIC: z.number(),
  flipShare: z.number(),
  meanInterpretableShare: z.number(),
  histogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) }),
});
export type AuthorshipFaithfulness = z.infer<typeof AuthorshipFaithfulness>;

/** Settings of an authorship training (defaults as the reference where it has one). */
export const AuthorshipConfig = z
  .object({
    /** 'open': test authors never seen in training; 'closed': the same authors, other texts */
    protocol: z.enum(['open', 'closed']).default('open'),
    trainPairs: z.number().int().positive().max(200_000).default(4000),
    devPairs: z.number().int().positive().max(50_000).default(1000),
    testPairs: z.number().int().positive().max(50_000).default(1000),
    /** width of each text's code (the head's input is twice this) */
    code: z.number().int().positive().multipleOf(4).max(1024).default(32),
    epochs: z.number().int().positive().max(1000).default(15),
    batch: z.number().int().positive().max(4096).default(64),
    lr: z.number().positive().max(1).default(3e-4),
    /** AdamW weight decay; the reference's 1e-4 */
    weightDecay: z.number().nonnegative().default(1e-4),
    dropout: z.number().min(0).lt(1).default(0.1),
    seed: z.number().int().nonnegative().default(1),
  })
  .strict();
export type AuthorshipConfig = z.output<typeof AuthorshipConfig>;

/** The Federalist case study: each disputed paper scored against Hamilton's and Madison's known papers. */
export const FederalistRow = z.object({
  paper: z.number().int(),
  hamilton: z.number(),
  madison: z.number(),
  hamiltonInterpretable: z.number(),
  madisonInterpretable: z.number(),
  verdict: z.enum(['Hamilton', 'Madison']),
  /** the features pulling most towards the verdict's author over the other, with evidence in the paper */
  topFeatures: z.array(z.object({ feature: z.string(), delta: z.number(), evidence: z.array(Evidence) })),
});
export type FederalistRow = z.infer<typeof FederalistRow>;

/** models/<id>/authorship.json: what was trained on what, the thresholds, the one table and the faithfulness figures. */
export const AuthorshipModelInfo = z.object({
  kind: z.literal('authorship'),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  source: z.string(),
  texts: z.number().int(),
  authors: z.number().int(),
  config: AuthorshipConfig,
  pairs: z.object({ train: z.number().int(), dev: z.number().int(), test: z.number().int() }),
  /** θ of each system, chosen on train from linspace(0.1, 1, 19) */
  thresholds: z.object({ interpretable: z.number(), residualized: z.number(), neuralOnly: z.number() }),
  /** slope a of p = σ(a·(s − θ)) per system, for PAN's probability metrics */
  slopes: z.object({ interpretable: z.number(), residualized: z.number(), neuralOnly: z.number() }),
  models: z.object({ interpretable: AuthorshipMetrics, residualized: AuthorshipMetrics, neuralOnly: AuthorshipMetrics }),
  faithfulness: AuthorshipFaithfulness,
  /** the Gram2Vec families the tagger cannot give, and why */
  unavailableFamilies: z.array(z.object({ family: z.string(), reason: z.string() })),
  features: z.number().int(),
  residual: z.object({ bestEpoch: z.number().int(), devLoss: z.array(z.number()), seconds: z.number() }),
  neuralOnly: z.object({ bestEpoch: z.number().int(), devLoss: z.array(z.number()), seconds: z.number() }),
  seconds: z.number(),
  /** the Federalist case study, when the training ran it */
  federalist: z.array(FederalistRow).nullable(),
});
export type AuthorshipModelInfo = z.infer<typeof AuthorshipModelInfo>;

/** One test pair's scores, for the pair list. */
export const AuthorshipPairScore = z.object({
  pair: z.number().int(),
  a: z.string(),
  b: z.string(),
  same: z.union([z.literal(0), z.literal(1)]),
  sI: z.number(),
  rHat: z.number(),
  neural: z.number(),
});
export type AuthorshipPairScore = z.infer<typeof AuthorshipPairScore>;

export const AuthorshipModelDetail = AuthorshipModelInfo.extend({ testScores: z.array(AuthorshipPairScore) });
export type AuthorshipModelDetail = z.infer<typeof AuthorshipModelDetail>;

export const AuthorshipContribution = z.object({ feature: z.string(), family: z.string(), a: z.number(), b: z.number(), value: z.number() });
export type AuthorshipContribution = z.infer<typeof AuthorshipContribution>;

/** One pair explained: both texts, the scores, the top feature contributions with evidence in each text. */
export const AuthorshipPairView = z.object({
  a: z.object({ id: z.string(), author: z.string(), text: z.string() }),
  b: z.object({ id: z.string(), author: z.string(), text: z.string() }),
  same: z.union([z.literal(0), z.literal(1)]).nullable(),
  sI: z.number(),
  rHat: z.number(),
  score: z.number(),
  theta: z.number(),
  thetaInterpretable: z.number(),
  verdict: z.enum(['same', 'different']),
  verdictInterpretable: z.enum(['same', 'different']),
  ic: z.number(),
  interpretableShare: z.number(),
  /** the largest contributions (they sum, with the rest, to s_I) */
  contributions: z.array(AuthorshipContribution),
  /** the rest of s_I, beyond the contributions listed */
  rest: z.number(),
  evidence: z.record(z.string(), z.object({ a: z.array(Evidence), b: z.array(Evidence) })),
});
export type AuthorshipPairView = z.infer<typeof AuthorshipPairView>;
