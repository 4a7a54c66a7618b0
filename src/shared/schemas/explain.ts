import { z } from 'zod';

/** The four scores of an explanation (ALGORITHMS-DETAIL §6): SAGE's generative and predictive, delphi's detection and fuzzing (balanced accuracy, and ROC-AUC). */
export const ExplanationScores = z.object({
  generative: z.number(),
  predictive: z.number(),
  detection: z.number(),
  detectionAuc: z.number(),
  fuzzing: z.number(),
  fuzzingAuc: z.number(),
});
export type ExplanationScores = z.infer<typeof ExplanationScores>;

const Effect = z.object({ mean: z.number(), t: z.number(), positions: z.number().int() });

/** A causal test on the Othello model: the feature clamped and ablated in the residual stream (signed effects on the legal-move distribution). */
export const BoardCausalResult = z.object({
  square: z.string().nullable(),
  expected: z.union([z.literal(-1), z.literal(0), z.literal(1)]),
  clampValue: z.number(),
  clamp: z.object({ squareProb: Effect.nullable(), legalMass: Effect }),
  ablate: z.object({ squareProb: Effect.nullable(), legalMass: Effect }),
  measurable: z.boolean(),
  contradicts: z.boolean(),
});
export type BoardCausalResult = z.infer<typeof BoardCausalResult>;

const ByteEffect = z.object({ byte: z.string(), mean: z.number(), t: z.number() });
const TextIntervention = z.object({ kl: Effect, alignment: Effect.nullable(), promoted: z.array(ByteEffect), suppressed: z.array(ByteEffect) });

/** A causal test on the text model (core/explain/causalText.ts): the next-byte distribution's change, KL and signed per byte and along the hypothesis. */
export const TextCausalResult = z.object({
  kind: z.literal('text'),
  windows: z.number().int(),
  clampValue: z.number(),
  identity: z.number(),
  ablate: TextIntervention,
  clamp: TextIntervention,
  expected: z.union([z.literal(0), z.literal(1)]),
  measurable: z.boolean(),
  contradicts: z.boolean(),
});
export type TextCausalResult = z.infer<typeof TextCausalResult>;

export const CausalResult = z.union([TextCausalResult, BoardCausalResult]);
export type CausalResult = z.infer<typeof CausalResult>;
export const isTextCausal = (c: CausalResult): c is TextCausalResult => 'kind' in c && c.kind === 'text';

export const FeatureExplanationSummary = z.object({
  feature: z.number().int(),
  explanation: z.string(),
  scores: ExplanationScores,
  baseline: z.object({ explanation: z.string(), scores: ExplanationScores }),
  tau: z.number(),
  rounds: z.number().int(),
  tests: z.number().int(),
  statuses: z.record(z.string(), z.number()),
  causal: CausalResult.nullable().optional(),
});

const Means = z.object({ generative: z.number(), predictive: z.number(), detection: z.number(), fuzzing: z.number() });

/** What explaining a run's features answers (`feature-studio explain --json` prints features, summary, seconds). */
export const ExplainSummary = z.object({
  runId: z.string(),
  datasetId: z.string(),
  domain: z.enum(['board', 'text']),
  features: z.array(FeatureExplanationSummary),
  summary: z.object({ explainer: Means, baseline: Means }),
  seconds: z.number(),
});
export type ExplainSummary = z.infer<typeof ExplainSummary>;

/** One hypothesis of a feature's log as the feature page shows it. */
export const HypothesisView = z.object({
  id: z.number().int(),
  text: z.string(),
  control: z.boolean(),
  status: z.enum(['PENDING', 'UNCHANGED', 'CONFIRMED', 'REFUTED', 'REFINED']),
  history: z.array(z.object({ text: z.string(), status: z.string(), tests: z.number() })),
  tests: z.array(
    z.object({
      round: z.number().int(),
      kind: z.enum(['positive', 'negative']),
      expected: z.string(),
      rate: z.number(),
      verdict: z.enum(['support', 'contradict', 'weak']),
      statusAfter: z.string(),
      inputs: z.array(z.object({ label: z.string(), activation: z.number(), source: z.string().optional(), detail: z.unknown().optional() })),
    }),
  ),
});

/** runs/<id>/explanations/<feature>.json, the parts the feature page reads. */
export const FeatureExplanationLog = z.object({
  feature: z.number().int(),
  explanation: z.string(),
  scores: ExplanationScores,
  baseline: z.object({ explanation: z.string(), scores: ExplanationScores }),
  tau: z.number(),
  log: z.object({ rounds: z.number().int(), states: z.array(z.string()), hypotheses: z.array(HypothesisView) }),
  causal: CausalResult.nullable(),
});
export type FeatureExplanationLog = z.infer<typeof FeatureExplanationLog>;
