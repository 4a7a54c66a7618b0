import { z } from 'zod';

/** A map pooled for display (≤ 64 per side), row-major. */
export const DisplayMap = z.object({ h: z.number().int(), w: z.number().int(), values: z.array(z.number()) });
export type DisplayMap = z.infer<typeof DisplayMap>;

const Metric = z.record(z.string(), z.number().nullable());

/** What the Congestion screen shows of a project: layouts, the feature search, the metrics. */
export const CongestionState = z.object({
  layouts: z.array(z.object({ id: z.string(), design: z.string(), label: z.number(), labelSource: z.string(), channels: z.array(z.string()), height: z.number(), width: z.number() })),
  search: z
    .object({
      history: z.array(z.object({ generation: z.number(), kind: z.string(), proposed: z.number(), admitted: z.number(), entered: z.number(), accepted: z.boolean(), candidateScore: z.number(), poolScore: z.number(), bestImportance: z.number(), seconds: z.number() })),
      pool: z.array(z.object({ definition: z.string(), name: z.string(), description: z.string(), importance: z.number(), born: z.number() })),
    })
    .nullable(),
  metrics: z
    .object({
      /** ResultRecords {model, metric, value, low, high, split} */
      records: z.array(z.object({ model: z.string(), metric: z.string(), value: z.number().nullable(), low: z.number().nullable(), high: z.number().nullable(), split: z.string() })),
      summary: z.object({ test: Metric, baselines: z.record(z.string(), Metric), seconds: z.number(), pooledMaps: Metric.optional() }),
      features: z.array(z.string()),
    })
    .nullable(),
  model: z.boolean(),
  /** the layouts with a saved suggestion deck (congestionSavedDeck reads one) */
  decks: z.array(z.string()),
  /** the last RUDY check against CircuitNet's maps (congestion-rudy), or null */
  rudy: z.array(z.object({ layout: z.string(), reference: z.string(), nets: z.number(), pinModel: z.string(), pearson: z.number(), spearman: z.number(), pinPearson: z.number().nullable(), seconds: z.number() })).nullable(),
});
export type CongestionState = z.infer<typeof CongestionState>;

/** One layout's map layers and, when asked, a feature's overlay. */
export const LayoutView = z.object({
  id: z.string(),
  design: z.string(),
  label: z.number(),
  layers: z.record(z.string(), DisplayMap),
  /** upper: the quantile the map is coloured up to (0.98 when it is made from a RUDY map) */
  overlay: z.object({ definition: z.string(), description: z.string(), value: z.number(), map: DisplayMap.nullable(), upper: z.number() }).nullable(),
});
export type LayoutView = z.infer<typeof LayoutView>;

export const DeckCard = z.object({
  rank: z.number(),
  definition: z.string(),
  name: z.string(),
  description: z.string(),
  value: z.number(),
  percentile: z.number(),
  median: z.number(),
  gate: z.number(),
  a: z.number(),
  contribution: z.number(),
  deltaR: z.number(),
  suggestion: z.string(),
  overlay: DisplayMap.nullable(),
  /** the quantile the overlay is coloured up to: 0.98 when it is made from a RUDY map, else 1 */
  overlayUpper: z.number(),
});

/** The design-suggestion deck of one layout; R is a preference score (higher = less congested). */
export const CongestionDeck = z.object({
  layout: z.string(),
  design: z.string(),
  label: z.number(),
  r: z.number(),
  congestionScore: z.number(),
  rudy: DisplayMap,
  macro: DisplayMap.nullable(),
  cards: z.array(DeckCard),
  /** the PDF written to reports/, listed among the project's reports under reportId */
  file: z.string(),
  reportId: z.string(),
  createdAt: z.string(),
  /** the model was trained again after the deck was built */
  stale: z.boolean(),
});
export type CongestionDeck = z.infer<typeof CongestionDeck>;
