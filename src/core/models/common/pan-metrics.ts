import { StudioError } from '../../../shared/errors';
import { rocAuc } from './rank-metrics';

/**
 * The PAN authorship-verification suite exactly as PAN's official evaluator computes it
 * (pan-webis-de/pan-code, clef22/authorship-verification/pan22_verif_evaluator.py; the 2020 and
 * 2021 evaluators agree). Scores are probabilities of "same author" in [0, 1]; a score of exactly
 * 0.5 is a non-answer. Labels are 0 or 1. Unlike the evaluator, values are not rounded.
 */
export interface PanScores {
  auc: number;
  c1: number;
  f05u: number;
  f1: number;
  /** the complement of the Brier loss, 1 − mean (p − y)², so higher is better */
  brier: number;
  /** mean of the five above (the evaluator's "overall") */
  panMean: number;
}

const NON_ANSWER = 0.5;

function check(truth: ArrayLike<number>, pred: ArrayLike<number>): void {
  if (truth.length !== pred.length) throw new StudioError('shape', `PAN metrics: ${truth.length} labels but ${pred.length} scores`, 'scores');
  if (truth.length === 0) throw new StudioError('bad-input', 'PAN metrics need at least one problem', 'scores');
  for (let i = 0; i < truth.length; i++) {
    if (truth[i] !== 0 && truth[i] !== 1) throw new StudioError('bad-input', `PAN metrics: label ${i} is ${truth[i]}, expected 0 or 1`, 'labels');
    if (!(pred[i] >= 0 && pred[i] <= 1)) throw new StudioError('bad-input', `PAN metrics: score ${i} is ${pred[i]}, expected a probability in [0, 1]`, 'scores');
  }
}

/** c@1 (Peñas and Rodrigo 2011): (n_c + n_u·n_c/n)/n, non-answers credited at the accuracy of the answers. */
export function cAt1(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(truth, pred);
  const n = pred.length;
  let nc = 0;
  let nu = 0;
  for (let i = 0; i < n; i++) {
    if (pred[i] === NON_ANSWER) nu++;
    else if (pred[i] > 0.5 === truth[i] > 0.5) nc++;
  }
  return (nc + (nu * nc) / n) / n;
}

/** F0.5u (Bevendorff et al. 2019): 1.25·TP / (1.25·TP + 0.25·(FN + non-answers) + FP). */
export function f05u(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(truth, pred);
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let nu = 0;
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === NON_ANSWER) nu++;
    else if (pred[i] > 0.5 && truth[i] === 1) tp++;
    else if (pred[i] > 0.5) fp++;
    else if (truth[i] === 1) fn++;
  }
  const denominator = 1.25 * tp + 0.25 * (fn + nu) + fp;
  return denominator > 0 ? (1.25 * tp) / denominator : 0;
}

/** F1 of "same author" over the answered problems, a score ≥ 0.5 counting as same (sklearn's zero_division 0). */
export function panF1(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(truth, pred);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < pred.length; i++) {
    if (pred[i] === NON_ANSWER) continue;
    const same = pred[i] >= 0.5;
    if (same && truth[i] === 1) tp++;
    else if (same) fp++;
    else if (truth[i] === 1) fn++;
  }
  return tp > 0 ? (2 * tp) / (2 * tp + fp + fn) : 0;
}

/** 1 − Brier loss. */
export function brierComplement(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  check(truth, pred);
  let s = 0;
  for (let i = 0; i < pred.length; i++) s += (pred[i] - truth[i]) ** 2;
  return 1 - s / pred.length;
}

/** All five and their mean; AUC is 0 where it is undefined (one class only), as the evaluator's fallback. */
export function panSuite(truth: ArrayLike<number>, pred: ArrayLike<number>): PanScores {
  check(truth, pred);
  const a = rocAuc(pred, truth);
  const scores = { auc: Number.isFinite(a) ? a : 0, c1: cAt1(truth, pred), f05u: f05u(truth, pred), f1: panF1(truth, pred), brier: brierComplement(truth, pred) };
  return { ...scores, panMean: (scores.auc + scores.c1 + scores.f05u + scores.f1 + scores.brier) / 5 };
}
