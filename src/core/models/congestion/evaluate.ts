import { bootstrapInterval } from '../common/bootstrap';
import { fitRidge, predictRidge } from '../common/ridge';
import { RANK_METRICS, type RankMetricName } from '../common/rank-metrics';
import { rankMetricRecords, type ResultRecord } from '../common/results';
import { designFolds, takeRows } from './folds';
import { gatedForward, trainGated, type GatedModel, type GatedOptions, type TrainingSet } from './gated';
import { stats } from './operators';
import { topTileMean, tileMeans } from './grid';
import type { Layout } from './layouts';

/**
 * Held-out-design evaluation of the preference model against baselines. Every score here is a
 * CONGESTION score (higher = more congested): the gated model's is −R. Metrics are computed
 * within each held-out design (the pairs the model learns are within-design, and MLLMA's test
 * sets are one design each) and averaged over designs; the interval resamples designs.
 */

export const METRICS: RankMetricName[] = ['plcc', 'srcc', 'krcc', 'ndcg'];

/** The embedding input of the pooled-maps variant: 8×8 tile means of each input map. */
export function pooledMaps(layout: Layout, channels = ['macro_region', 'RUDY', 'RUDY_pin']): Float64Array {
  return Float64Array.from(channels.flatMap((c) => Array.from(tileMeans(layout.maps[c], Math.max(1, Math.round(layout.width / 8))).data)));
}

/** Per-model congestion scores of the same layouts. */
export interface Scored {
  designs: string[];
  labels: Float64Array;
  scores: Record<string, Float64Array>;
}

/** Records per design and a 'test' record per model and metric: the mean over designs, with a design-bootstrap interval. */
export function heldOutRecords(s: Scored, bootstrapSeed = 1): ResultRecord[] {
  const designs = [...new Set(s.designs)].sort();
  const out: ResultRecord[] = [];
  for (const [model, score] of Object.entries(s.scores)) {
    const perDesign = designs.map((d) => {
      const idx = s.designs.flatMap((x, i) => (x === d ? [i] : []));
      const recs = rankMetricRecords(model, d, idx.map((i) => score[i]), idx.map((i) => s.labels[i]), METRICS, { resamples: 300, seed: bootstrapSeed });
      out.push(...recs);
      return recs;
    });
    for (const [m, metric] of METRICS.entries()) {
      const values = perDesign.map((r) => r[m].value ?? NaN).filter(Number.isFinite);
      const iv = bootstrapInterval(values.length, (idx) => Array.from(idx).reduce((a, i) => a + values[i], 0) / idx.length, { resamples: 1000, seed: bootstrapSeed });
      const fin = (x: number) => (Number.isFinite(x) ? x : null);
      out.push({ model, metric, value: fin(iv.value), low: fin(iv.low), high: fin(iv.high), split: 'test' });
    }
  }
  return out;
}

export interface CvOptions extends GatedOptions {
  /** also train the pooled-maps embedding variant */
  pooled?: boolean;
  /** called when a fold starts */
  onFold?: (fold: number, folds: number, design: string) => void;
}

export interface CvResult {
  scored: Scored;
  records: ResultRecord[];
  /** the model trained on every layout (what the deck explains) */
  final: GatedModel;
}

/** Leave-one-design-out: the gated model and the ridge baseline are refit per fold; RUDY-sum and top-tile mean need no fitting. */
export async function crossValidateGated(layouts: readonly Layout[], x: Float64Array, features: string[], options: CvOptions = {}): Promise<CvResult> {
  const n = layouts.length;
  const K = features.length;
  const designs = layouts.map((l) => l.design);
  const labels = Float64Array.from(layouts, (l) => l.label);
  const pooled = layouts.map((l) => pooledMaps(l));
  const pooledDim = pooled[0].length;
  const pooledAll = Float64Array.from(pooled.flatMap((p) => Array.from(p)));
  const scores: Record<string, Float64Array> = { gated: new Float64Array(n), rudySum: Float64Array.from(layouts, (l) => stats(l.maps.RUDY).sum), ridge: new Float64Array(n), topTileMean: Float64Array.from(layouts, (l) => topTileMean(l.maps.RUDY)) };
  if (options.pooled) scores.gatedPooledMaps = new Float64Array(n);
  const folds = designFolds(designs);
  const setOf = (rows: number[]): TrainingSet => ({ x: takeRows(x, K, rows), features, labels: Float64Array.from(rows, (i) => labels[i]), designs: rows.map((i) => designs[i]), pooled: takeRows(pooledAll, pooledDim, rows), pooledDim });
  for (const [f, fold] of folds.entries()) {
    options.onFold?.(f, folds.length, fold.design);
    const train = setOf(fold.train);
    const model = await trainGated(train, options);
    for (const i of fold.test) scores.gated[i] = -gatedForward(model, x.subarray(i * K, (i + 1) * K)).r;
    if (options.pooled) {
      const pm = await trainGated(train, { ...options, embedding: 'pooled-maps' });
      for (const i of fold.test) scores.gatedPooledMaps[i] = -gatedForward(pm, x.subarray(i * K, (i + 1) * K), pooled[i]).r;
    }
    const rf = fitRidge(standardised(train.x, K), train.labels, K, 1);
    const { mean, std } = columnMoments(train.x, K);
    const testX = Float64Array.from(takeRows(x, K, fold.test), (v, t) => (v - mean[t % K]) / std[t % K]);
    predictRidge(rf, testX, K).forEach((p, k) => (scores.ridge[fold.test[k]] = p));
  }
  const final = await trainGated(setOf(Array.from({ length: n }, (_, i) => i)), options);
  const scored = { designs, labels, scores };
  return { scored, records: heldOutRecords(scored), final };
}

function columnMoments(x: Float64Array, d: number) {
  const n = x.length / d;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

function standardised(x: Float64Array, d: number): Float64Array {
  const { mean, std } = columnMoments(x, d);
  return Float64Array.from(x, (v, t) => (v - mean[t % d]) / std[t % d]);
}

export { columnMoments, standardised, RANK_METRICS };
