import { z } from 'zod';
import { ConceptResult } from './concepts';
import { FeatureDetail } from './features';

/** The report sections the reports module draws (src/core/reports/sections.ts), in a chosen order. */
export const ReportSection = z.enum(['summary', 'pareto', 'coverage', 'runTable', 'featureCards', 'matchedL0', 'concepts', 'benchmark']);
export type ReportSection = z.infer<typeof ReportSection>;

/** One feature chosen for a card: which run, which feature id. */
export const FeatureRef = z.object({ runId: z.string().min(1), feature: z.number().int().nonnegative() });
export type FeatureRef = z.infer<typeof FeatureRef>;

/** A card is a page of the PDF: more than a few dozen makes a report nobody reads. */
export const MAX_FEATURE_CARDS = 32;

export const ReportRequest = z.object({
  projectDir: z.string().min(1),
  runIds: z.array(z.string().min(1)).min(1),
  sections: z.array(ReportSection).min(1),
  title: z.string().min(1).default('SAE comparison'),
  /** the features drawn as cards by the `featureCards` section, in this order */
  features: z.array(FeatureRef).max(MAX_FEATURE_CARDS).default([]),
  /** the concept results (runs/<id>/concepts/<set>.json) the `concepts` section draws */
  concepts: z.array(z.object({ runId: z.string().min(1), setId: z.string().min(1) })).default([]),
});

/**
 * One feature as its card shows it, drawn from the explorer's feature page: the same histogram,
 * the best board properties and the top examples with their boards (whatever board context the
 * explorer gives, so a chess context arrives here as it is).
 */
export const FeatureCard = z.object({
  runId: z.string(),
  /** the run's display name */
  run: z.string(),
  feature: z.number().int(),
  frequency: z.number(),
  maxActivation: z.number(),
  meanActivation: z.number(),
  histogram: FeatureDetail.shape.histogram,
  properties: FeatureDetail.shape.properties,
  examples: FeatureDetail.shape.examples,
  /** the run's explanation of the feature (text, score, method), null where it has none */
  explanation: FeatureDetail.shape.explanation,
});
export type FeatureCard = z.infer<typeof FeatureCard>;

/** A report as the reports module models it; a metric a run lacks arrives as null. */
export const ReportModel = z.object({
  title: z.string(),
  createdAt: z.string(),
  summary: z.array(z.object({ label: z.string(), value: z.string() })),
  family: z.string(),
  records: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
  sections: z.array(ReportSection),
  cards: z.array(FeatureCard),
  concepts: z.array(ConceptResult).default([]),
});
export type ReportModel = z.infer<typeof ReportModel>;

/** What an export wrote: the PDF, the run table's CSV, and the cards' CSV when the report has cards. */
export const ReportFiles = z.object({ reportId: z.string(), pdf: z.string(), csv: z.string(), cardsCsv: z.string().nullable(), conceptsCsv: z.string().nullable().default(null), report: ReportModel });
export type ReportFiles = z.infer<typeof ReportFiles>;
