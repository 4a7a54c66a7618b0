import { z } from 'zod';

/** Concept-set files are `concepts/<id>.json` in the project; this is their schema's version. */
export const CONCEPT_SET_VERSION = 1;

/** A feature's default match threshold (F1 for boards and tokens, cosine for probes): the paper's UI default (§11). */
export const DEFAULT_CONCEPT_THRESHOLD = 0.5;

/** WordNet's lexicographer files by number (lexnames(5WN)): the categories of WordNet concept sets. */
export const LEXNAMES = [
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute', 'noun.body', 'noun.cognition',
  'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group', 'noun.location', 'noun.motive', 'noun.object', 'noun.person',
  'noun.phenomenon', 'noun.plant', 'noun.possession', 'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance',
  'noun.time', 'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption', 'verb.contact',
  'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession', 'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl',
] as const;

/** Rows of the dataset's held-out split that concepts are matched on by default. */
export const CONCEPT_ROWS = 4096;

/** One board-state property cell of a family (ALGORITHMS-DETAIL §1.2): the concept is "this cell is on". */
export const BoardConcept = z.object({
  kind: z.literal('board'),
  id: z.string().min(1),
  name: z.string().min(1),
  /** categories a player recognises ("legal moves", "corners"); a concept may sit in several */
  categories: z.array(z.string().min(1)).min(1),
  family: z.string().min(1),
  /** index into the family's rows × cols × classes cells */
  cell: z.number().int().nonnegative(),
});
export type BoardConcept = z.infer<typeof BoardConcept>;

/** A word (or a few spellings of one): the concept is "the token is one of these". */
export const TextConcept = z.object({
  kind: z.literal('text'),
  id: z.string().min(1),
  name: z.string().min(1),
  categories: z.array(z.string().min(1)).min(1),
  words: z.array(z.string().min(1)).min(1),
});
export type TextConcept = z.infer<typeof TextConcept>;

export const Concept = z.discriminatedUnion('kind', [BoardConcept, TextConcept]);
export type Concept = z.infer<typeof Concept>;

/** Where a set came from, so a saved set says what it was built from and which version of it. */
export const ConceptSource = z.object({
  kind: z.enum(['builtin', 'wordnet', 'csv', 'typed']),
  /** builtin: the game; wordnet: the lexicographer files picked; csv: the file's name */
  detail: z.string(),
  /** builtin: the studio's set version; wordnet: the database's; csv: the file's SHA-256 prefix */
  version: z.string(),
});

export const ConceptSet = z.object({
  version: z.literal(CONCEPT_SET_VERSION),
  id: z.string().min(1),
  name: z.string().min(1),
  domain: z.enum(['board', 'text']),
  source: ConceptSource,
  createdAt: z.string(),
  concepts: z.array(Concept).min(1),
});
export type ConceptSet = z.infer<typeof ConceptSet>;

export const ConceptSetSummary = ConceptSet.pick({ id: true, name: true, domain: true, source: true, createdAt: true }).extend({
  concepts: z.number().int(),
  categories: z.array(z.string()),
});
export type ConceptSetSummary = z.infer<typeof ConceptSetSummary>;

/** One (feature, concept) pair that passed the threshold: F1 with its precision and recall, or a probe's cosine. */
export const ConceptMatch = z.object({
  feature: z.number().int().nonnegative(),
  concept: z.string(),
  score: z.number(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
});
export type ConceptMatch = z.infer<typeof ConceptMatch>;

export const CategoryCount = z.object({
  name: z.string(),
  /** retrieved features with at least one concept of this category */
  features: z.number().int(),
  /** concepts of this category matched by at least one feature, of `conceptsTotal` */
  conceptsFound: z.number().int(),
  conceptsTotal: z.number().int(),
});
export type CategoryCount = z.infer<typeof CategoryCount>;

export const BallMapperGraph = z.object({
  /** ε used; `epsilonKnee` is the knee rule's value (null when the curve has no knee) */
  epsilon: z.number(),
  epsilonKnee: z.number().nullable(),
  /** per node: its landmark and members, as indices into the result's `features` */
  nodes: z.array(z.object({ landmark: z.number().int(), members: z.array(z.number().int()) })),
  edges: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type BallMapperGraph = z.infer<typeof BallMapperGraph>;

/** What a concepts job computes for one run, concept set and threshold (saved as runs/<id>/concepts/<set>.json). */
export const ConceptResult = z.object({
  version: z.literal(1),
  runId: z.string(),
  datasetId: z.string(),
  setId: z.string(),
  setName: z.string(),
  domain: z.enum(['board', 'text']),
  threshold: z.number(),
  /** held-out rows the matches were scored on */
  rows: z.number().int(),
  /** concepts whose property or words never occur in those rows (they cannot be matched) */
  conceptsAbsent: z.number().int(),
  matches: z.array(ConceptMatch),
  /** retrieved features, ascending; the views index into this list */
  features: z.array(z.number().int()),
  /** categories of each retrieved feature (from its concepts) */
  featureCategories: z.array(z.array(z.string())),
  categories: z.array(CategoryCount),
  umap: z.object({ x: z.array(z.number()), y: z.array(z.number()) }),
  ballMapper: BallMapperGraph,
  seconds: z.object({ retrieval: z.number(), umap: z.number(), ballMapper: z.number(), total: z.number() }),
  computedAt: z.string(),
});
export type ConceptResult = z.infer<typeof ConceptResult>;

/** The `--json` summary the CLI and the demo print (issue 21, "For automation"). */
export interface ConceptSummary {
  matched: number;
  categories: Record<string, number>;
  umap: { points: number };
  ballMapper: { epsilon: number; nodes: number; edges: number };
  seconds: number;
}

export function conceptSummary(r: ConceptResult): ConceptSummary {
  return {
    matched: r.features.length,
    categories: Object.fromEntries(r.categories.map((c) => [c.name, c.features])),
    umap: { points: r.umap.x.length },
    ballMapper: { epsilon: r.ballMapper.epsilon, nodes: r.ballMapper.nodes.length, edges: r.ballMapper.edges.length },
    seconds: r.seconds.total,
  };
}
