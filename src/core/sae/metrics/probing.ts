/**
 * SAEBench sparse probing (ALGORITHMS-DETAIL §3.2) on the studio's labelled tasks: for each
 * binary task, a balanced train set (as many negatives as positives, drawn with a seed) and a
 * balanced test set; the k latents with the largest |mean_pos − mean_neg| on train are kept and a
 * logistic regression (L2, C = 1) on them is scored by test accuracy. The same procedure on the
 * raw activations (k of their dimensions) is the reference the SAE is compared with.
 */
import { Rng } from '../../io/rng';
import { fitLogistic, predictLogistic } from './logistic';

export const SPARSE_PROBING_KS = [1, 2, 5, 10] as const;

/** A binary task over the rows of a feature matrix. */
export interface ProbeTask {
  name: string;
  /** 1 where the property holds, per row */
  labels: Uint8Array;
}

/** Features of the rows, dense row-major [rows, width]. */
export interface FeatureRows {
  data: Float32Array;
  width: number;
}

/** Accuracy per k, keyed `k1`, `k2`, … */
export type KAccuracies = Record<string, number>;

export interface BalancedSplit {
  train: Uint32Array;
  trainLabels: Uint8Array;
  test: Uint32Array;
  testLabels: Uint8Array;
}

/** Balanced rows of each split: every positive (up to `cap`/2) and as many negatives, shuffled with `seed`. */
export function balancedSplit(labels: Uint8Array, train: Uint32Array, test: Uint32Array, cap: { train: number; test: number }, seed: number): BalancedSplit | null {
  const rng = new Rng(seed);
  const pick = (rows: Uint32Array, max: number) => {
    const pos = shuffle(Array.from(rows).filter((r) => labels[r]), rng);
    const neg = shuffle(Array.from(rows).filter((r) => !labels[r]), rng);
    const n = Math.min(pos.length, neg.length, Math.floor(max / 2));
    const rowsOut = [...pos.slice(0, n), ...neg.slice(0, n)];
    return { rows: Uint32Array.from(rowsOut), labels: Uint8Array.from(rowsOut, (_, i) => (i < n ? 1 : 0)) };
  };
  const a = pick(train, cap.train);
  const b = pick(test, cap.test);
  if (a.rows.length < 4 || b.rows.length < 2) return null;
  return { train: a.rows, trainLabels: a.labels, test: b.rows, testLabels: b.labels };
}

/** The `k` columns with the largest |mean over positives − mean over negatives| (ties: lower index). */
export function topMeanDifference(f: FeatureRows, rows: Uint32Array, labels: Uint8Array, k: number, signed = false): number[] {
  const diff = meanDifference(f, rows, labels);
  const order = Array.from(diff.keys()).sort((i, j) => (signed ? diff[j] - diff[i] : Math.abs(diff[j]) - Math.abs(diff[i])) || i - j);
  return order.slice(0, k);
}

export function meanDifference(f: FeatureRows, rows: Uint32Array, labels: Uint8Array): Float64Array {
  const { data, width } = f;
  const sum = [new Float64Array(width), new Float64Array(width)];
  const count = [0, 0];
  rows.forEach((r, i) => {
    const c = labels[i] ? 1 : 0;
    count[c]++;
    const s = sum[c];
    for (let j = 0; j < width; j++) s[j] += data[r * width + j];
  });
  return Float64Array.from({ length: width }, (_, j) => sum[1][j] / Math.max(1, count[1]) - sum[0][j] / Math.max(1, count[0]));
}

/** Test accuracy and F1 of a logistic probe on the chosen columns. */
export function probeScores(f: FeatureRows, split: BalancedSplit, columns: readonly number[]): { accuracy: number; f1: number } {
  const gather = (rows: Uint32Array) => {
    const out = new Float64Array(rows.length * columns.length);
    rows.forEach((r, i) => columns.forEach((c, j) => (out[i * columns.length + j] = f.data[r * f.width + c])));
    return out;
  };
  const model = fitLogistic(gather(split.train), split.trainLabels, split.train.length, columns.length);
  const xt = gather(split.test);
  const predicted = Array.from(split.test, (_, i) => predictLogistic(model, xt, i));
  const right = predicted.filter((p, i) => p === (split.testLabels[i] === 1)).length;
  return { accuracy: right / split.test.length, f1: f1Score(predicted, split.testLabels) };
}

export function f1Score(predicted: readonly boolean[], labels: Uint8Array): number {
  let [tp, fp, fn] = [0, 0, 0];
  predicted.forEach((p, i) => {
    if (p && labels[i]) tp++;
    else if (p) fp++;
    else if (labels[i]) fn++;
  });
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Accuracy at each k for one task (features chosen on the balanced train rows). */
export function sparseProbe(f: FeatureRows, split: BalancedSplit, ks: readonly number[] = SPARSE_PROBING_KS): KAccuracies {
  const top = topMeanDifference(f, split.train, split.trainLabels, Math.max(...ks));
  return Object.fromEntries(ks.map((k) => [`k${k}`, probeScores(f, split, top.slice(0, k)).accuracy]));
}

/** Mean over tasks of each k's accuracy. */
export function meanOverTasks(perTask: Record<string, KAccuracies>): KAccuracies {
  const tasks = Object.values(perTask);
  if (tasks.length === 0) return {};
  return Object.fromEntries(Object.keys(tasks[0]).map((k) => [k, tasks.reduce((s, t) => s + t[k], 0) / tasks.length]));
}

function shuffle<T>(a: T[], rng: Rng): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
