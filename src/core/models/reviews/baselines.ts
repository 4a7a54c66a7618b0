import { fitRidgePath, predictRidge } from '../common/ridge';
import { spearman } from '../common/rank-metrics';
import type { Doc } from '../../text/nlp/analyse';

/**
 * The baselines of issue 17, fitted on train and tuned on the validation split like the
 * discovered features: length only; bag of words (the 500 most frequent training terms, ridge,
 * as thulanxc/AutoQual's 500-feature BoW); the built-in text model's mean-pooled embedding
 * (ridge); every registry feature at once (ridge, no selection).
 */
export const BASELINES = ['lengthOnly', 'bagOfWords', 'embedding', 'allFamilies'] as const;
export type BaselineName = (typeof BASELINES)[number];
export const BOW_TERMS = 500;
const ALPHAS = [0.1, 1, 10, 100, 1000, 10_000];

/** Row-major rows × dim matrices of the three splits. */
export interface SplitMatrix {
  dim: number;
  train: Float64Array;
  valid: Float64Array;
  test: Float64Array;
}

function standardise(m: SplitMatrix): SplitMatrix {
  const { dim } = m;
  const n = m.train.length / dim;
  const mean = new Float64Array(dim);
  const sd = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) mean[j] += m.train[i * dim + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) sd[j] += (m.train[i * dim + j] - mean[j]) ** 2 / n;
  const z = (x: Float64Array) => Float64Array.from(x, (v, k) => (sd[k % dim] > 0 ? (v - mean[k % dim]) / Math.sqrt(sd[k % dim]) : 0));
  return { dim, train: z(m.train), valid: z(m.valid), test: z(m.test) };
}

/** Ridge on standardised columns with α picked by validation Spearman; returns the validation and test predictions. */
export function ridgeBaseline(raw: SplitMatrix, yTrain: ArrayLike<number>, yValid: ArrayLike<number>): { alpha: number; valid: Float64Array; test: Float64Array } {
  const m = standardise(raw);
  let best: { alpha: number; rho: number; valid: Float64Array; test: Float64Array } = { alpha: ALPHAS[0], rho: -Infinity, valid: new Float64Array(0), test: new Float64Array(0) };
  const fits = fitRidgePath(m.train, yTrain, m.dim, ALPHAS);
  for (const [a, alpha] of ALPHAS.entries()) {
    const fit = fits[a];
    const valid = predictRidge(fit, m.valid, m.dim);
    const rho = spearman(valid, yValid);
    const score = Number.isFinite(rho) ? rho : -Infinity;
    if (score > best.rho || best.valid.length === 0) best = { alpha, rho: score, valid, test: predictRidge(fit, m.test, m.dim) };
  }
  return { alpha: best.alpha, valid: best.valid, test: best.test };
}

const termsOf = (d: Doc) => d.tokens.filter((t) => t.type === 'word').map((t) => t.lower);

/** The BOW_TERMS most frequent training terms, and log(1 + count) of each per review. */
export function bagOfWords(train: readonly Doc[], valid: readonly Doc[], test: readonly Doc[], terms = BOW_TERMS): SplitMatrix {
  const freq = new Map<string, number>();
  for (const d of train) for (const w of termsOf(d)) freq.set(w, (freq.get(w) ?? 0) + 1);
  const vocab = [...freq.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, terms).map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const dim = vocab.length;
  const rows = (docs: readonly Doc[]) => {
    const out = new Float64Array(docs.length * dim);
    docs.forEach((d, r) => {
      for (const w of termsOf(d)) {
        const j = index.get(w);
        if (j !== undefined) out[r * dim + j]++;
      }
    });
    return out.map((c) => Math.log1p(c));
  };
  return { dim, train: rows(train), valid: rows(valid), test: rows(test) };
}

/** Word count per review as a one-column matrix (the length-only baseline). */
export function lengthColumn(train: readonly Doc[], valid: readonly Doc[], test: readonly Doc[]): SplitMatrix {
  const col = (docs: readonly Doc[]) => Float64Array.from(docs, (d) => termsOf(d).length);
  return { dim: 1, train: col(train), valid: col(valid), test: col(test) };
}
