import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { pearson, spearman } from '../common/rank-metrics';
import { fitForest, predictForest, type ForestOptions } from './forest';
import { designFolds, takeRows } from './folds';
import { crossover, mutate, mutationProbability, seedPool } from './genetics';
import { context, describe, evaluateFeature, featureName, parseFeature, print, SOURCES, type Node } from './language';
import type { Layout } from './layouts';
import type { Proposer } from './llm-proposals';

/**
 * MLLMA's genetic feature search, offline (ALGORITHMS-DETAIL §10): a pool of layout features;
 * each generation is crossover or mutation with p = ½; children are evaluated by the studio,
 * deduplicated by correlation, and the pool keeps the top 20 by random-forest importance for the
 * scalar label, measured with leave-one-design-out CV. A generation whose pool predicts the
 * held-out designs worse than the last one is not taken (the pool never gets worse).
 */

export interface SearchOptions {
  generations?: number;
  /** features kept (the paper: 20) */
  poolSize?: number;
  /** crossover children per generation (the paper asks the LLM for 10) */
  offspring?: number;
  forest?: ForestOptions;
  seed?: number;
  /** more definitions to start from (e.g. an earlier search's pool) */
  extraSeeds?: readonly string[];
  /** |Pearson| above which a child is a duplicate of a pool feature */
  dedupe?: number;
  onGeneration?: (g: GenerationRecord, done: number, total: number) => void;
  signal?: AbortSignal;
  /** optional LLM proposals on crossover generations (llm-proposals.ts); the search never needs it */
  propose?: Proposer;
}

export interface PoolFeature {
  definition: string;
  name: string;
  description: string;
  /** mean RF importance (MDI) over the CV folds */
  importance: number;
  /** the generation that added it (0 = seed pool) */
  born: number;
}

export interface GenerationRecord {
  generation: number;
  kind: 'seed' | 'crossover' | 'mutation';
  proposed: number;
  /** children that were valid, non-constant and not duplicates */
  admitted: number;
  /** children that made it into the kept pool */
  entered: number;
  accepted: boolean;
  /** SRCC of the forest's held-out-design predictions over all layouts, with this generation's candidate pool */
  candidateScore: number;
  /** the same for the kept pool (the best so far) */
  poolScore: number;
  /** the kept pool's largest feature importance */
  bestImportance: number;
  seconds: number;
  /** definitions an LLM proposed this generation that parsed, and the lines that did not */
  llmProposed?: number;
  llmRejected?: number;
}

export interface SearchResult {
  pool: PoolFeature[];
  history: GenerationRecord[];
  layouts: string[];
}

interface Candidate {
  node: Node;
  key: string;
  values: Float64Array;
  born: number;
}

function evaluateAll(nodes: readonly Node[], layouts: readonly Layout[], born: number): Candidate[] {
  const ctxs = layouts.map((l) => context(l.maps));
  return nodes.map((node) => ({ node, key: print(node), born, values: Float64Array.from(ctxs, (c, i) => evaluateFeature(node, c, layouts[i].id)) }));
}

const matrix = (cands: readonly Candidate[], n: number) => {
  const d = cands.length;
  const x = new Float64Array(n * d);
  cands.forEach((c, j) => c.values.forEach((v, i) => (x[i * d + j] = v)));
  return x;
};

/** Mean MDI importance over leave-one-design-out folds, and the held-out predictions' SRCC. */
export function crossValidate(cands: readonly Candidate[], labels: Float64Array, designs: readonly string[], forest: ForestOptions): { importances: Float64Array; score: number; predictions: Float64Array } {
  const n = labels.length;
  const d = cands.length;
  const x = matrix(cands, n);
  const importances = new Float64Array(d);
  const predictions = new Float64Array(n);
  const folds = designFolds(designs);
  for (const fold of folds) {
    const f = fitForest(takeRows(x, d, fold.train), Float64Array.from(fold.train, (i) => labels[i]), d, forest);
    f.importances.forEach((v, j) => (importances[j] += v / folds.length));
    predictForest(f, takeRows(x, d, fold.test), d).forEach((p, k) => (predictions[fold.test[k]] = p));
  }
  return { importances, score: spearman(predictions, labels), predictions };
}

const isConstant = (v: Float64Array) => v.every((x) => x === v[0]);

/** Whether a definition reads only maps these layouts have. */
const readsOnly = (n: Node, sources: readonly string[]): boolean => (JSON.stringify(n).match(/"source":"([^"]+)"/g) ?? []).every((m) => sources.includes(m.slice(10, -1)));

export async function runSearch(layouts: readonly Layout[], options: SearchOptions = {}): Promise<SearchResult> {
  if (layouts.length < 4) throw new StudioError('bad-input', `the search needs at least 4 layouts, got ${layouts.length}`, 'layouts');
  const designs = layouts.map((l) => l.design);
  if (new Set(designs).size < 2) throw new StudioError('bad-input', 'the search needs layouts of at least 2 designs (it cross-validates by design)', 'layouts');
  const generations = options.generations ?? 10;
  const poolSize = options.poolSize ?? 20;
  const forest = { trees: 200, maxDepth: 10, seed: 18, ...options.forest };
  const dedupe = options.dedupe ?? 0.98;
  const rng = new Rng(options.seed ?? 1);
  const labels = Float64Array.from(layouts, (l) => l.label);
  const sources = Object.keys(SOURCES).filter((s) => layouts.every((l) => l.maps[SOURCES[s].channel]));
  const history: GenerationRecord[] = [];

  const admit = (children: Candidate[], existing: Candidate[]) => {
    const out: Candidate[] = [];
    for (const c of children) {
      if (isConstant(c.values)) continue;
      if ([...existing, ...out].some((e) => e.key === c.key || Math.abs(pearson(e.values, c.values)) > dedupe)) continue;
      out.push(c);
    }
    return out;
  };

  const t0 = performance.now();
  // Seeds that read maps these layouts lack are left out rather than failing the search.
  const seeds = [...seedPool(), ...(options.extraSeeds ?? []).map((t) => parseFeature(t, 'extra seed'))].filter((n) => readsOnly(n, sources));
  let pool = admit(evaluateAll(seeds, layouts, 0), []);
  let cv = crossValidate(pool, labels, designs, forest);
  const keep = (cands: Candidate[], imp: Float64Array) => cands.map((c, j) => ({ c, imp: imp[j] })).sort((a, b) => b.imp - a.imp).slice(0, poolSize);
  let kept = keep(pool, cv.importances);
  pool = kept.map((k) => k.c);
  let poolCv = crossValidate(pool, labels, designs, forest);
  let importances = poolCv.importances;
  history.push({ generation: 0, kind: 'seed', proposed: seeds.length, admitted: seeds.length, entered: pool.length, accepted: true, candidateScore: cv.score, poolScore: poolCv.score, bestImportance: Math.max(...importances), seconds: (performance.now() - t0) / 1000 });
  options.onGeneration?.(history[0], 0, generations);

  for (let g = 1; g <= generations; g++) {
    if (options.signal?.aborted) throw new StudioError('cancelled', 'the search was cancelled', 'search');
    const started = performance.now();
    const ranked = pool.map((c, j) => ({ c, imp: importances[j] })).sort((a, b) => b.imp - a.imp);
    const kind = rng.next() < 0.5 ? 'crossover' : 'mutation';
    const children: Node[] = [];
    if (kind === 'crossover') {
      // Parents drawn by importance rank (binary tournaments), so strong features recombine more.
      const parent = () => ranked[Math.min(rng.int(ranked.length), rng.int(ranked.length))].c.node;
      for (let k = 0; k < (options.offspring ?? 10); k++) {
        const child = crossover(parent(), parent(), rng);
        if (child) children.push(child);
      }
    } else {
      ranked.forEach(({ c }, r) => {
        if (rng.next() < mutationProbability(r + 1)) {
          const child = mutate(c.node, rng, sources);
          if (child) children.push(child);
        }
      });
    }
    let llm: { proposed: Node[]; rejected: number } | null = null;
    if (kind === 'crossover' && options.propose) {
      llm = await options.propose(ranked.map(({ c, imp }) => ({ definition: c.key, importance: imp })), options.offspring ?? 10, options.signal);
      // A proposal reading a map these layouts lack cannot be evaluated: it counts as rejected.
      const usable = llm.proposed.filter((n) => readsOnly(n, sources));
      llm.rejected += llm.proposed.length - usable.length;
      llm.proposed = usable;
      children.push(...usable);
    }
    const admitted = admit(evaluateAll(children, layouts, g), pool);
    const candidates = [...pool, ...admitted];
    cv = crossValidate(candidates, labels, designs, forest);
    kept = keep(candidates, cv.importances);
    const next = kept.map((k) => k.c);
    const nextCv = crossValidate(next, labels, designs, forest);
    const accepted = nextCv.score >= poolCv.score;
    if (accepted) {
      pool = next;
      poolCv = nextCv;
      importances = nextCv.importances;
    }
    const rec: GenerationRecord = {
      generation: g,
      kind,
      proposed: children.length,
      admitted: admitted.length,
      entered: accepted ? next.filter((c) => c.born === g).length : 0,
      accepted,
      candidateScore: cv.score,
      poolScore: poolCv.score,
      bestImportance: Math.max(...importances),
      seconds: (performance.now() - started) / 1000,
      ...(llm ? { llmProposed: llm.proposed.length, llmRejected: llm.rejected } : {}),
    };
    history.push(rec);
    options.onGeneration?.(rec, g, generations);
  }
  const order = pool.map((c, j) => ({ c, imp: importances[j] })).sort((a, b) => b.imp - a.imp);
  return {
    pool: order.map(({ c, imp }) => ({ definition: c.key, name: featureName(c.node), description: describe(c.node), importance: imp, born: c.born })),
    history,
    layouts: layouts.map((l) => l.id),
  };
}
