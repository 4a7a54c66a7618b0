import { panSuite, type PanScores } from '../common/pan-metrics';
import { rocAuc } from '../common/rank-metrics';

/** The reference's θ grid: linspace(0.1, 1, 19) (ALGORITHMS-DETAIL §9). */
export const THETAS: readonly number[] = Array.from({ length: 19 }, (_, i) => 0.1 + (0.9 * i) / 18);

/** F1 of the positive class (same author) of decisions `score > θ`. */
export function f1Of(scores: ArrayLike<number>, labels: ArrayLike<number>, theta: number, positive: 0 | 1 = 1): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const said = scores[i] > theta ? 1 : 0;
    if (said === positive && labels[i] === positive) tp++;
    else if (said === positive) fp++;
    else if (labels[i] === positive) fn++;
  }
  return tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/** θ from the grid maximising same-author F1 on the given (training) pairs; the first of ties. */
export function sweepTheta(scores: ArrayLike<number>, labels: ArrayLike<number>): { theta: number; f1: number } {
  let best = { theta: THETAS[0], f1: -1 };
  for (const theta of THETAS) {
    const f1 = f1Of(scores, labels, theta);
    if (f1 > best.f1) best = { theta, f1 };
  }
  return best;
}

/**
 * PAN's metrics need a probability of "same author": p = σ(a·(s − θ)), so p > 0.5 exactly
 * when s > θ (the decision is unchanged) and the slope a is fitted on the training pairs by
 * Newton's method on the log loss (Platt scaling with the intercept pinned at θ).
 */
export function fitSlope(scores: ArrayLike<number>, labels: ArrayLike<number>, theta: number): number {
  let a = 10;
  for (let it = 0; it < 50; it++) {
    let g = 0;
    let h = 1e-6;
    for (let i = 0; i < scores.length; i++) {
      const x = scores[i] - theta;
      const p = 1 / (1 + Math.exp(-a * x));
      g += (p - labels[i]) * x;
      h += p * (1 - p) * x * x;
    }
    const next = Math.min(1e4, Math.max(0.01, a - g / h));
    if (Math.abs(next - a) < 1e-9) break;
    a = next;
  }
  return a;
}

export const probability = (score: number, theta: number, slope: number): number => 1 / (1 + Math.exp(-slope * (score - theta)));

/** The one table's columns for one system on one split. */
export interface VerificationMetrics extends PanScores {
  accuracy: number;
  /** ROC-AUC of the raw score, as the reference reports it */
  auc: number;
  f1Same: number;
  f1Different: number;
}

export function verificationMetrics(scores: ArrayLike<number>, labels: ArrayLike<number>, theta: number, slope: number): VerificationMetrics {
  let correct = 0;
  for (let i = 0; i < scores.length; i++) if ((scores[i] > theta ? 1 : 0) === labels[i]) correct++;
  const p = Array.from(scores, (s) => probability(s, theta, slope));
  const pan = panSuite(labels, p);
  const auc = rocAuc(scores, labels);
  return { ...pan, accuracy: correct / scores.length, auc: Number.isFinite(auc) ? auc : 0, f1Same: f1Of(scores, labels, theta, 1), f1Different: f1Of(scores, labels, theta, 0) };
}
