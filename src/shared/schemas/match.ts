import { z } from 'zod';

const MatchedRun = z.object({ id: z.string(), name: z.string(), arch: z.string(), features: z.number().int() });

/**
 * One row of the feature-matching table: an assigned pair (both sides), or a feature of the
 * wider run the one-to-one assignment left out (the other side null). Each side also carries
 * its best partner in the other run, which need not be its assigned one.
 */
export const FeatureMatchRow = z.object({
  a: z.number().int().nullable(),
  b: z.number().int().nullable(),
  /** cosine of the assigned pair's decoder directions (null: unassigned) */
  cosine: z.number().nullable(),
  aBest: z.number().int().nullable(),
  aBestCosine: z.number().nullable(),
  bBest: z.number().int().nullable(),
  bBestCosine: z.number().nullable(),
});
export type FeatureMatchRow = z.infer<typeof FeatureMatchRow>;

/** Cross-run feature matching by decoder direction (core/sae/match). */
export const FeatureMatchResult = z.object({
  runA: MatchedRun,
  runB: MatchedRun,
  dIn: z.number().int(),
  /** what both runs record about the activations they read (hook, model), when they do */
  hook: z.string().nullable(),
  model: z.string().nullable(),
  /** mean over A's features of the best cosine with any of B's, and the other way */
  mmcsAB: z.number(),
  mmcsBA: z.number(),
  /** false when the pair is too large to assign (MMCS only); `note` says why */
  assigned: z.boolean(),
  /** mean cosine of the assigned pairs */
  assignedMean: z.number().nullable(),
  matchedAbove: z.array(z.object({ threshold: z.number(), pairs: z.number().int(), shareA: z.number(), shareB: z.number() })),
  note: z.string().nullable(),
  rows: z.array(FeatureMatchRow),
  seconds: z.number(),
});
export type FeatureMatchResult = z.infer<typeof FeatureMatchResult>;
