/**
 * Curated-concept exploration of one SAE (ALGORITHMS-DETAIL §11, issue 21): retrieve the
 * features that match a concept set, then lay out only those — UMAP of their L2-normalised
 * decoder directions for the global picture, Ball Mapper on their cosine distances for the
 * local one — with each feature's categories taken from its concepts.
 */
import type { BoardConcept, CategoryCount, ConceptMatch, ConceptResult, ConceptSet, TextConcept } from '../../shared/schemas/concepts';
import type { TokenTable } from '../data/tokens';
import type { SparseActivations } from '../evals/board';
import type { BspFamily } from '../games/family';
import { ballMapper } from './ballMapper';
import { cosineDistancesOrt, sortedNearestDistances, unitRows } from './cosine';
import { kneeEpsilon, truncate2 } from './knee';
import { matchBoardConcepts } from './matchBoard';
import { matchProbe, matchTextConcepts } from './matchText';
import { umapLayout } from './projection';

export type ConceptStage = 'retrieval' | 'umap' | 'ballMapper';
/** Progress of the whole computation as one fraction, with the stage it is in. */
export type ConceptProgress = (stage: ConceptStage, fraction: number) => void;

/** A direction an analyst has for a concept (a linear probe's weights), matched by decoder cosine. */
export interface ConceptProbe {
  concept: string;
  category: string;
  vector: ArrayLike<number>;
}

export interface ConceptInput {
  set: ConceptSet;
  /** codes of the held-out rows; row r is the r-th of those rows */
  codes: SparseActivations;
  /** board sets: the families over the same rows */
  families?: readonly BspFamily[];
  /** text sets: the dataset's tokens and the dataset row of each coded row */
  tokens?: { table: TokenTable; rows: Uint32Array };
  probes?: readonly ConceptProbe[];
  /** W_dec [dSae, dIn] */
  wDec: Float32Array;
  dIn: number;
  threshold: number;
  /** overrides the knee rule's ε */
  epsilon?: number;
  onProgress?: ConceptProgress;
}

export type ConceptComputed = Omit<ConceptResult, 'version' | 'runId' | 'datasetId' | 'computedAt'>;

/** Share of the progress bar each stage takes (their typical share of the time at 2,000 features). */
const WEIGHT = { retrieval: 0.4, umap: 0.5, ballMapper: 0.1 };

export async function exploreConcepts(input: ConceptInput): Promise<ConceptComputed> {
  const { set, codes, wDec, dIn, threshold } = input;
  const progress = input.onProgress ?? (() => undefined);
  const t0 = performance.now();
  const { matches, absent } = retrieve(input, (f) => progress('retrieval', WEIGHT.retrieval * f));
  const features = [...new Set(matches.map((m) => m.feature))].sort((a, b) => a - b);
  const t1 = performance.now();
  const unit = unitRows(wDec, dIn, features);
  const dist = await cosineDistancesOrt(unit, features.length, dIn);
  const umap = umapLayout(dist, features.length, (done, total) => progress('umap', WEIGHT.retrieval + (WEIGHT.umap * done) / total));
  const t2 = performance.now();
  const knee = features.length >= 3 ? kneeEpsilon(sortedNearestDistances(dist, features.length)) : null;
  const epsilon = input.epsilon ?? knee ?? fallbackEpsilon(dist, features.length);
  const graph = ballMapper(dist, features.length, epsilon);
  progress('ballMapper', 1);
  const t3 = performance.now();
  const { featureCategories, categories } = categoryCounts(set, features, matches, input.probes ?? []);
  return {
    setId: set.id, setName: set.name, domain: set.domain, threshold,
    rows: codes.rowStart.length - 1, conceptsAbsent: absent.length,
    matches, features, featureCategories, categories, umap,
    ballMapper: { epsilon, epsilonKnee: knee, nodes: graph.nodes, edges: graph.edges },
    seconds: { retrieval: (t1 - t0) / 1000, umap: (t2 - t1) / 1000, ballMapper: (t3 - t2) / 1000, total: (t3 - t0) / 1000 },
  };
}

function retrieve(input: ConceptInput, onFraction: (f: number) => void): { matches: ConceptMatch[]; absent: string[] } {
  const { set, codes, threshold } = input;
  const hear = (done: number, total: number) => onFraction(total > 0 ? done / total : 1);
  const out = set.domain === 'board'
    ? matchBoardConcepts(codes, input.families ?? [], Uint32Array.from({ length: codes.rowStart.length - 1 }, (_, i) => i), set.concepts as BoardConcept[], threshold, hear)
    : input.tokens
      ? matchTextConcepts(codes, input.tokens.table, input.tokens.rows, set.concepts as TextConcept[], threshold, hear)
      : { matches: [], absent: set.concepts.map((c) => c.id) };
  for (const p of input.probes ?? []) {
    const unit = (f: number) => unitRows(input.wDec, input.dIn, [f]);
    out.matches.push(...matchProbe(unit, codes.features, p.vector, `probe:${p.concept}`, threshold));
  }
  onFraction(1);
  return out;
}

/** Without a knee (a straight curve), the median nearest-neighbour distance, truncated like the knee's. */
function fallbackEpsilon(dist: Float32Array, n: number): number {
  if (n < 2) return 0;
  const nn = sortedNearestDistances(dist, n);
  return truncate2(nn[Math.floor((n - 1) / 2)]);
}

/** Each retrieved feature's categories (from its concepts) and per category the features and concepts found. */
export function categoryCounts(set: ConceptSet, features: readonly number[], matches: readonly ConceptMatch[], probes: readonly ConceptProbe[]): { featureCategories: string[][]; categories: CategoryCount[] } {
  const catsOf = new Map<string, string[]>(set.concepts.map((c) => [c.id, c.categories]));
  for (const p of probes) catsOf.set(`probe:${p.concept}`, [p.category]);
  const slot = new Map(features.map((f, i) => [f, i]));
  const perFeature = features.map(() => new Set<string>());
  const found = new Map<string, Set<string>>();
  for (const m of matches) {
    for (const c of catsOf.get(m.concept) ?? []) {
      perFeature[slot.get(m.feature)!].add(c);
      (found.get(c) ?? found.set(c, new Set()).get(c)!).add(m.concept);
    }
  }
  const total = new Map<string, number>();
  for (const [, cats] of catsOf) for (const c of cats) total.set(c, (total.get(c) ?? 0) + 1);
  const featureCategories = perFeature.map((s) => [...s].sort());
  const categories = [...total.keys()].sort().map((name) => ({
    name,
    features: featureCategories.filter((cs) => cs.includes(name)).length,
    conceptsFound: found.get(name)?.size ?? 0,
    conceptsTotal: total.get(name)!,
  }));
  return { featureCategories, categories };
}
