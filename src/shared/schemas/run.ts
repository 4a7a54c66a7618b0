import { z } from 'zod';

/** A run folder's `config.json`: what was trained (or imported) and how far it got. */
export const RunInfo = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  /** trained in the studio, or imported from a SAELens / sparsify folder */
  origin: z.enum(['trained', 'imported']),
  datasetId: z.string().nullable(),
  /** registry name (relu, topk, …) for trained runs; the SAELens architecture for imports */
  arch: z.string(),
  /** the SAELens architecture the weights are saved as */
  saved: z.string(),
  dIn: z.number().int().positive(),
  dSae: z.number().int().positive(),
  steps: z.number().int().nonnegative(),
  /**
   * Trained runs: 'cancelled' stopped at `steps` of `plannedSteps` and keeps its trainer state,
   * so `trainSae({ resumeRunId })` continues it. Absent on imports and on folders older than cancel.
   */
  status: z.enum(['complete', 'cancelled']).optional(),
  plannedSteps: z.number().int().positive().optional(),
  /** the execution provider that ran the training step (cpu, cuda, dml) */
  provider: z.string().optional(),
  /** an import's source folder and the layout it was read as (saelens, sparsify) */
  source: z.object({ path: z.string(), format: z.string() }).optional(),
  /** the validated training config (null for imports) */
  config: z.record(z.string(), z.unknown()).nullable(),
  /** live metrics at the last step */
  final: z.record(z.string(), z.number()).nullable(),
  evaluated: z.boolean(),
});
export type RunInfo = z.infer<typeof RunInfo>;

/** Core metrics of a run on a dataset's validation split (`eval.json`), in the original activation space. */
export const RunEval = z.object({
  datasetId: z.string(),
  evaluatedAt: z.string(),
  rows: z.number(),
  l0: z.number(),
  l1: z.number(),
  mse: z.number(),
  explainedVariance: z.number(),
  fvu: z.number(),
  cossim: z.number(),
  deadFraction: z.number(),
  denseFraction: z.number(),
  densityHistogram: z.object({ edges: z.array(z.number()), counts: z.array(z.number()), dead: z.number() }),
  /** mean max cosine similarity with the dataset's ground-truth features, when it has them (toy data) */
  mmcs: z.number().nullable(),
  /**
   * With the SAE spliced into the shipped model the rows came from (null otherwise):
   * (CE_zero − CE_sae)/(CE_zero − CE_clean) — SAEBench's ce_loss_score, dictionary_learning's
   * frac_recovered — and the mean KL(p_clean ‖ p_sae) in nats. Absent in files written before.
   */
  ceLossRecovered: z.number().nullable().optional(),
  klDiv: z.number().nullable().optional(),
  spliced: z.object({ positions: z.number(), ceClean: z.number(), ceSae: z.number(), ceZero: z.number(), klDivZero: z.number(), klDivScore: z.number() }).nullable().optional(),
  /** mean over latents of each one's largest cosine with another latent (decoder rows in the original space; encoder columns) */
  maxDecoderCosine: z.number().optional(),
  maxEncoderCosine: z.number().optional(),
  /** SAEBench sparse probing on board-property tasks: test accuracy of k-sparse probes per task, { k1, k2, k5, k10 } */
  sparseProbing: z.record(z.string(), z.record(z.string(), z.number())).nullable().optional(),
  sparseProbingMean: z.record(z.string(), z.number()).nullable().optional(),
  /** the same probes on k of the raw activation dimensions */
  sparseProbingRaw: z.record(z.string(), z.record(z.string(), z.number())).nullable().optional(),
  sparseProbingRawMean: z.record(z.string(), z.number()).nullable().optional(),
  /** feature absorption on board-property tasks (mean over tasks whose ground-truth probe has F1 > 0.6) */
  absorption: z.object({
    fraction: z.number(),
    full: z.number(),
    tasks: z.number(),
    perTask: z.record(z.string(), z.object({ fraction: z.number(), full: z.number(), positives: z.number(), groundTruthF1: z.number() })),
  }).nullable().optional(),
});
export type RunEval = z.infer<typeof RunEval>;

/** The board metrics of a run on the held-out positions (the validation rows, split by game). */
export const HeldOutBoard = z.object({
  family: z.string(),
  /** the paper's coverage (best F1 per cell, all cells of the family) */
  coverage: z.number(),
  coveragePositive: z.number(),
  /** chance-corrected: 0 = no better than a feature that always fires */
  coverageAboveChance: z.number(),
  /** the paper's coverage of one feature that fires on every position: the floor */
  coverageAlwaysOn: z.number(),
  boardReconstruction: z.number(),
  /** positions that label the features (first half of the held-out games) and that are scored (second half) */
  trainPositions: z.number().int(),
  testPositions: z.number().int(),
});
export type HeldOutBoard = z.infer<typeof HeldOutBoard>;

/**
 * The one measurement of a run every screen, report and the demo CSV shows: core metrics
 * (eval.json) and board metrics (eval-board.json), both on the validation rows of one dataset.
 */
export const HeldOutScores = z.object({
  datasetId: z.string(),
  /** the dataset's validation rows: the last share of its rows (whole later games for extractions) */
  rows: z.number().int(),
  core: RunEval,
  board: HeldOutBoard.nullable(),
  /** why there are no board metrics (no board labels, too few held-out games) */
  boardMissing: z.string().nullable(),
});
export type HeldOutScores = z.infer<typeof HeldOutScores>;

/** A baseline measured like a run on a dataset's held-out rows (the demo's "random" and "neurons" rows). */
export const BaselineScores = z.object({
  /** random: a random dictionary of the runs' width; neurons: the residual basis itself */
  baseline: z.enum(['random', 'neurons']),
  datasetId: z.string(),
  width: z.number().int().positive(),
  l0: z.number(),
  fvu: z.number(),
  deadFraction: z.number(),
  board: HeldOutBoard.nullable(),
});
export type BaselineScores = z.infer<typeof BaselineScores>;
