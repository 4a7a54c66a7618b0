import { StudioError } from '../../../shared/errors';
import { splitByGroup } from '../common/splits';
import { analyse, type Doc } from '../../text/nlp/analyse';
import { discover, groupFolds, type DiscoverConfig, type ReviewItem } from './discover';
import type { Embedder } from './embedding';
import { evaluateModels, type ReviewModelName } from './evaluate';
import { CLUSTER_RESAMPLES, drawProducts, pairedClusterSpearman, productMembers, verdictOf, withinFoldPercentiles } from './crossval-metrics';
import { spearman } from '../common/rank-metrics';

/**
 * A product-grouped K-fold evaluation of the whole discover job (docs/reviews.md, "Cross-validated
 * over products"): each fold's products are the test set; discovery (candidates, lexicon, beam
 * search, reflection, refit) and every baseline are fitted on the other folds exactly as one
 * discovery fits them on its train and validation splits; the out-of-fold predictions of all folds
 * are pooled, so every review with a test-grade target is predicted once by models that never saw
 * its product. One test split of the shipped sample holds 232 reviews of 59 products; the pooled
 * figure reads all of them, and its interval is resampled by product.
 */
export interface CrossValInput {
  /** every review with a target good enough to fit on (e.g. ≥ 1 vote) */
  items: readonly ReviewItem[];
  /** ids of the reviews whose target is good enough to test on (e.g. ≥ 3 votes): only they are scored */
  testIds: ReadonlySet<string>;
  folds: number;
  config: DiscoverConfig;
  embed: Embedder | null;
  /** the share of the other folds' reviews the discovery validates on (a discovery's 20 of 80) */
  validShare?: number;
}

export interface CrossValModel {
  spearman: number;
  spearmanLow: number;
  spearmanHigh: number;
  /** ρ over raw pooled predictions (fold-to-fold calibration drift counts against it) */
  spearmanRaw: number;
  /** this model − bag of words, paired over the same product resamples */
  minusBagOfWords: { value: number; low: number; high: number };
}

export interface CrossValFold {
  fold: number;
  products: number;
  reviews: number;
  train: number;
  valid: number;
  spearman: Partial<Record<ReviewModelName, number>>;
  selectionRho: number;
  kept: string[];
  seconds: number;
}

export interface CrossValResult {
  folds: number;
  reviews: number;
  products: number;
  ranking: 'within-fold';
  resamples: number;
  models: Partial<Record<ReviewModelName, CrossValModel>>;
  /** discovered − bag of words: the honest test of "match or beat" */
  paired: { a: 'discovered'; b: 'bagOfWords'; difference: number; low: number; high: number; verdict: 'above' | 'contains' | 'below' };
  perFold: CrossValFold[];
  seconds: number;
}

export interface CrossValHooks {
  log?: (line: string) => void;
  progress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
}

/**
 * The test products of each fold: folds are dealt over the products that have a test-grade review,
 * balanced by those reviews; a product with none only ever trains. Returns each item's fold (−1: train in every fold).
 */
export function productFoldOf(items: readonly ReviewItem[], testIds: ReadonlySet<string>, k: number, seed: number): Int32Array {
  const scored = items.filter((it) => testIds.has(it.id));
  const products = new Set(scored.map((it) => it.group));
  if (products.size < k) throw new StudioError('bad-input', `${products.size} products have a review to test on; ${k} folds need at least ${k}`, '--folds');
  const folds = groupFolds(scored.map((it) => it.group), k, seed);
  const foldOf = new Map(scored.map((it, i) => [it.group, folds[i]]));
  return Int32Array.from(items, (it) => foldOf.get(it.group) ?? -1);
}

/** Fold k's items: its products' test-grade reviews as test, the other products split train/validation by product. */
export function foldItems(items: readonly ReviewItem[], foldOf: Int32Array, testIds: ReadonlySet<string>, k: number, seed: number, validShare: number): ReviewItem[] {
  const test = items.filter((it, i) => foldOf[i] === k && testIds.has(it.id)).map((it): ReviewItem => ({ ...it, split: 'test' }));
  const rest = items.filter((_, i) => foldOf[i] !== k);
  const splits = splitByGroup(rest.map((it) => it.group), { seed: seed + k, fractions: { train: 1 - validShare, dev: validShare, test: 0 } });
  return [...rest.map((it, i): ReviewItem => ({ ...it, split: splits[i] })), ...test];
}

/** One analysis per review text over all folds (and the same tokens in every fold). */
function cachedAnalyse(): (text: string) => Doc {
  const cache = new Map<string, Doc>();
  return (text) => {
    let d = cache.get(text);
    if (!d) cache.set(text, (d = analyse(text)));
    return d;
  };
}

/** One embedding per review text over all folds: later folds embed only the texts earlier ones lacked. */
function cachedEmbedder(inner: Embedder): Embedder {
  const cache = new Map<string, Float32Array>();
  let dim = 0;
  return async (texts, signal) => {
    const missing = [...new Set(texts.filter((t) => !cache.has(t)))];
    if (missing.length) {
      const got = await inner(missing, signal);
      dim = got.dim;
      missing.forEach((t, i) => cache.set(t, got.vectors.slice(i * dim, (i + 1) * dim)));
    }
    const vectors = new Float32Array(texts.length * dim);
    texts.forEach((t, i) => vectors.set(cache.get(t)!, i * dim));
    return { dim, vectors };
  };
}

export async function crossValidate(input: CrossValInput, hooks: CrossValHooks = {}): Promise<CrossValResult> {
  const started = performance.now();
  const log = hooks.log ?? (() => {});
  const { items, testIds, folds: k, config } = input;
  const foldOf = productFoldOf(items, testIds, k, config.seed);
  const analyseOnce = cachedAnalyse();
  const embed = input.embed ? cachedEmbedder(input.embed) : null;
  // pooled out-of-fold predictions, one entry per test-grade review
  const ids: string[] = [];
  const groups: string[] = [];
  const labels: number[] = [];
  const foldOfRow: number[] = [];
  const preds: Partial<Record<ReviewModelName, number[]>> = {};
  const perFold: CrossValFold[] = [];
  for (let f = 0; f < k; f++) {
    if (hooks.signal?.aborted) throw new StudioError('cancelled', 'cross-validation cancelled');
    const t0 = performance.now();
    const fi = foldItems(items, foldOf, testIds, f, config.seed, input.validShare ?? 0.25);
    const share = (x: number) => (f + x) / k;
    const d = await discover(fi, config, { log: (l) => log(`fold ${f + 1}/${k}: ${l}`), progress: (x, stage) => hooks.progress?.(share(0.85 * x), `fold ${f + 1}/${k}: ${stage}`), signal: hooks.signal, analyse: analyseOnce });
    hooks.progress?.(share(0.85), `fold ${f + 1}/${k}: baselines`);
    const ev = await evaluateModels(d, fi.map((it) => it.group), embed, { seed: config.seed, signal: hooks.signal, log: (l) => log(`fold ${f + 1}/${k}: ${l}`) });
    d.rows.test.forEach((r, i) => {
      ids.push(fi[r].id);
      groups.push(fi[r].group);
      labels.push(fi[r].target);
      foldOfRow.push(f);
      for (const [m, p] of Object.entries(ev.testPredictions) as [ReviewModelName, Float64Array][]) (preds[m] ??= []).push(p[i]);
    });
    const fold: CrossValFold = {
      fold: f,
      products: new Set(d.rows.test.map((r) => fi[r].group)).size,
      reviews: d.rows.test.length,
      train: d.rows.train.length,
      valid: d.rows.valid.length,
      spearman: Object.fromEntries(Object.entries(ev.models).map(([m, x]) => [m, x.spearman ?? NaN])),
      selectionRho: d.selectionRho,
      kept: d.kept.map((c) => c.name),
      seconds: (performance.now() - t0) / 1000,
    };
    perFold.push(fold);
    log(`fold ${f + 1}/${k}: ${fold.reviews} test reviews of ${fold.products} products; ρ ${Object.entries(fold.spearman).map(([m, x]) => `${m} ${x.toFixed(3)}`).join(', ')}; ${fold.seconds.toFixed(0)} s`);
    hooks.progress?.(share(1), `fold ${f + 1}/${k} done`);
  }
  if (new Set(ids).size !== ids.length) throw new StudioError('runtime', 'a review was tested in two folds', 'folds');
  const result = pooledResult(preds, labels, groups, foldOfRow, config.seed);
  return { folds: k, reviews: ids.length, products: new Set(groups).size, ...result, perFold, seconds: (performance.now() - started) / 1000 };
}

/** Each model's pooled ρ (within-fold ranks), its product-cluster interval and its paired difference from bag of words. */
export function pooledResult(preds: Partial<Record<ReviewModelName, ArrayLike<number>>>, labels: ArrayLike<number>, groups: readonly string[], fold: ArrayLike<number>, seed: number, resamples = CLUSTER_RESAMPLES): Pick<CrossValResult, 'ranking' | 'resamples' | 'models' | 'paired'> {
  const members = productMembers(groups);
  const draws = drawProducts(members.length, resamples, seed);
  const bow = preds.bagOfWords;
  if (!bow) throw new StudioError('runtime', 'the bag-of-words baseline made no predictions', 'bagOfWords');
  const bowRanks = withinFoldPercentiles(bow, fold);
  const models: Partial<Record<ReviewModelName, CrossValModel>> = {};
  for (const [m, p] of Object.entries(preds) as [ReviewModelName, ArrayLike<number>][]) {
    const pi = pairedClusterSpearman(withinFoldPercentiles(p, fold), bowRanks, labels, members, draws);
    models[m] = { spearman: pi.a.value, spearmanLow: pi.a.low, spearmanHigh: pi.a.high, spearmanRaw: spearman(p, labels), minusBagOfWords: pi.difference };
  }
  const d = models.discovered!.minusBagOfWords;
  return { ranking: 'within-fold', resamples, models, paired: { a: 'discovered', b: 'bagOfWords', difference: d.value, low: d.low, high: d.high, verdict: verdictOf(d.low, d.high) } };
}
