import { REVIEW_MODELS } from '../../../shared/schemas/reviews';
import type { ResultRecord } from '../common/results';
import { bagOfWords, lengthColumn, ridgeBaseline, type SplitMatrix } from './baselines';
import type { Discovery } from './discover';
import type { Embedder } from './embedding';
import { metricRecords, modelMetrics, type ModelMetrics } from './metrics';

export type ReviewModelName = (typeof REVIEW_MODELS)[number];

export interface Evaluation {
  models: Partial<Record<ReviewModelName, ModelMetrics>>;
  /** validation ρ of the discovered set: the reference's same-split figure */
  spearmanSelectionSplit: number;
  records: ResultRecord[];
  /** test predictions of each model, in test-row order */
  testPredictions: Partial<Record<ReviewModelName, Float64Array>>;
  notes: string[];
}

const at = (values: Float64Array, rows: readonly number[]) => Float64Array.from(rows, (r) => values[r]);

function matrixOf(cols: readonly { train: Float64Array; valid: Float64Array; test: Float64Array }[]): SplitMatrix {
  const dim = cols.length;
  const pack = (part: 'train' | 'valid' | 'test') => {
    const n = cols[0][part].length;
    const out = new Float64Array(n * dim);
    cols.forEach((c, j) => c[part].forEach((x, i) => (out[i * dim + j] = x)));
    return out;
  };
  return { dim, train: pack('train'), valid: pack('valid'), test: pack('test') };
}

/**
 * Every model of the one table (issue 17) on the same test reviews: the discovered features and
 * the four baselines, each with Spearman ρ, MAE and NDCG@10 within product and their intervals.
 */
export async function evaluateModels(d: Discovery, groups: readonly string[], embed: Embedder | null, options: { seed?: number; signal?: AbortSignal; log?: (l: string) => void } = {}): Promise<Evaluation> {
  const { rows, target, docs } = d;
  const yTrain = at(target, rows.train);
  const yValid = at(target, rows.valid);
  const yTest = at(target, rows.test);
  const testGroups = rows.test.map((r) => groups[r]);
  const split = (idx: number[]) => idx.map((r) => docs[r]);
  const preds: Partial<Record<ReviewModelName, Float64Array>> = { discovered: d.testPred };
  const notes: string[] = [];
  preds.lengthOnly = ridgeBaseline(lengthColumn(split(rows.train), split(rows.valid), split(rows.test)), yTrain, yValid).test;
  preds.bagOfWords = ridgeBaseline(bagOfWords(split(rows.train), split(rows.valid), split(rows.test)), yTrain, yValid).test;
  const usable = d.registryColumns.filter((c) => c.hyp.rhoTrain !== null);
  preds.allFamilies = ridgeBaseline(matrixOf(usable), yTrain, yValid).test;
  if (embed) {
    options.log?.('embedding the reviews with the built-in text model');
    const texts = docs.map((doc) => doc.text);
    const { dim, vectors } = await embed(texts, options.signal);
    const rowsOf = (idx: number[]) => {
      const out = new Float64Array(idx.length * dim);
      idx.forEach((r, i) => {
        for (let k = 0; k < dim; k++) out[i * dim + k] = vectors[r * dim + k];
      });
      return out;
    };
    preds.embedding = ridgeBaseline({ dim, train: rowsOf(rows.train), valid: rowsOf(rows.valid), test: rowsOf(rows.test) }, yTrain, yValid).test;
  } else notes.push('embedding baseline not run (no text model given)');
  const models: Partial<Record<ReviewModelName, ModelMetrics>> = {};
  const records: ResultRecord[] = [];
  for (const name of Object.keys(preds) as ReviewModelName[]) {
    models[name] = modelMetrics(preds[name]!, yTest, testGroups, options.seed ?? 1);
    records.push(...metricRecords(name, 'test', models[name]!));
  }
  const selection = d.selectionRho;
  records.push({ model: 'discovered', metric: 'spearman', value: Number.isFinite(selection) ? selection : null, low: null, high: null, split: 'selection split (as the reference reports)' });
  return { models, spearmanSelectionSplit: selection, records, testPredictions: preds, notes };
}
