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
