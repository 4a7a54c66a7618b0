import { StudioError } from '../../../shared/errors';

/**
 * Rank metrics for scalar predictions against a label: the PLCC/SRCC/KRCC of MLLMA's
 * evaluation (ALGORITHMS-DETAIL §10, scipy's pearsonr / spearmanr / kendalltau), NDCG@k and
 * ROC-AUC. Each returns NaN where the statistic is undefined (a constant input), as scipy does.
 */

function checkPaired(pred: ArrayLike<number>, label: ArrayLike<number>, what: string): void {
  if (pred.length !== label.length) throw new StudioError('shape', `${what}: ${pred.length} predictions but ${label.length} labels`, what);
  for (let i = 0; i < pred.length; i++) {
    if (!Number.isFinite(pred[i]) || !Number.isFinite(label[i])) throw new StudioError('bad-input', `${what}: value ${i} is not finite (${pred[i]}, ${label[i]})`, what);
  }
}

/** Pearson's linear correlation (PLCC). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'pearson');
  const n = x.length;
  if (n < 2) return NaN;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? NaN : sxy / Math.sqrt(sxx * syy);
}

/** 1-based ranks with ties given their average rank (scipy's rankdata 'average'). */
export function averageRanks(x: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ranks = new Float64Array(x.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && x[order[end]] === x[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let j = start; j < end; j++) ranks[order[j]] = rank;
    start = end;
  }
  return ranks;
}

/** Spearman's rank correlation (SRCC): Pearson on average ranks, so ties are handled. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'spearman');
  return pearson(averageRanks(x), averageRanks(y));
}

/**
 * Kendall's τ-b (KRCC; scipy's default): (C − D)/√((n₀ − n₁)(n₀ − n₂)) with n₁, n₂ the pairs tied
 * in x and in y. O(n²), fine for the hundreds-to-thousands of layouts a split holds.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPaired(x, y, 'kendall');
  const n = x.length;
  let concordant = 0;
  let discordant = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(x[i] - x[j]);
      const dy = Math.sign(y[i] - y[j]);
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      if (dx === 0 || dy === 0) continue;
      if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const n0 = (n * (n - 1)) / 2;
  const denom = Math.sqrt((n0 - tiedX) * (n0 - tiedY));
  return denom === 0 ? NaN : (concordant - discordant) / denom;
}

/**
 * NDCG@k with the label as gain: DCG = Σ_{i<k} gain_i / log₂(i + 2) over the items sorted by
 * prediction (ties in the prediction keep input order), divided by the DCG of the ideal order
 * (sklearn's ndcg_score with linear gains). Gains must be ≥ 0; k defaults to all items.
 */
export function ndcgAtK(pred: ArrayLike<number>, gain: ArrayLike<number>, k = pred.length): number {
  checkPaired(pred, gain, 'ndcg');
  for (let i = 0; i < gain.length; i++) {
    if (gain[i] < 0) throw new StudioError('bad-input', `ndcg: gain ${i} is negative (${gain[i]}); shift the label to ≥ 0`, 'ndcg');
  }
  const dcg = (order: number[]) => order.slice(0, k).reduce((s, idx, i) => s + gain[idx] / Math.log2(i + 2), 0);
  const idx = Array.from({ length: pred.length }, (_, i) => i);
  const byPred = [...idx].sort((a, b) => pred[b] - pred[a]);
  const ideal = [...idx].sort((a, b) => gain[b] - gain[a]);
  const best = dcg(ideal);
  return best === 0 ? NaN : dcg(byPred) / best;
}

/**
 * ROC-AUC for binary labels (1 = positive): the probability that a random positive scores above
 * a random negative, ties counted half (Mann–Whitney U from average ranks).
 */
export function rocAuc(score: ArrayLike<number>, positive: ArrayLike<number>): number {
  checkPaired(score, positive, 'roc-auc');
  const ranks = averageRanks(score);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < score.length; i++) {
    if (positive[i] !== 0 && positive[i] !== 1) throw new StudioError('bad-input', `roc-auc: label ${i} is ${positive[i]}, expected 0 or 1`, 'roc-auc');
    if (positive[i] === 1) {
      nPos++;
      rankSum += ranks[i];
    }
  }
  const nNeg = score.length - nPos;
  if (nPos === 0 || nNeg === 0) return NaN;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** The metric names the workspaces report, each a function of (prediction, label). */
export const RANK_METRICS = {
  plcc: pearson,
  srcc: spearman,
  krcc: kendallTauB,
  ndcg: (pred: ArrayLike<number>, label: ArrayLike<number>) => ndcgAtK(pred, label),
} as const;

export type RankMetricName = keyof typeof RANK_METRICS;
