/**
 * Explanation scores exactly as ALGORITHMS-DETAIL §6 states them, with the explanation read
 * offline as a predicate (its truth per row) instead of an LLM's judgement:
 * - generative (SAGE): success = max activation ≥ τ, τ = (mean max of the top-10 exemplars)/2
 *   (8.0 without exemplars); score = success rate;
 * - predictive (SAGE): Pearson r over all pooled tokens of the held-out examples between the
 *   activations scaled 0–10 by the global maximum and the prediction (predicate truth × the
 *   feature's typical activation, on the same 0–10 scale);
 * - detection and fuzzing (delphi): balanced accuracy at p ≥ 0.5, and ROC-AUC from p.
 */
import type { Example } from './exemplars';

export const TAU_FALLBACK = 8.0;
/** delphi's fuzzing highlights tokens of an activating example at ≥ 0.3 × its max */
export const FUZZ_FRACTION = 0.3;

export function tau(topMaxes: readonly number[]): number {
  return topMaxes.length === 0 ? TAU_FALLBACK : topMaxes.reduce((a, b) => a + b, 0) / topMaxes.length / 2;
}

/** Share of generated inputs whose max activation reaches τ (0 when none could be generated). */
export function generativeScore(maxes: readonly number[], t: number): number {
  return maxes.length === 0 ? 0 : maxes.filter((m) => m >= t).length / maxes.length;
}

/** Pearson r; 0 when either side is constant (an explanation that predicts nothing varies explains nothing). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) [mx, my] = [mx + x[i], my + y[i]];
  [mx, my] = [mx / n, my / n];
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const [dx, dy] = [x[i] - mx, y[i] - my];
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Activations scaled to 0–10 by the global maximum (SAGE's prediction scale). */
export const scale010 = (a: number, globalMax: number) => (globalMax > 0 ? Math.min(10, (10 * a) / globalMax) : 0);

/** Pearson r over the pooled tokens of the examples: scaled activation against truth × typical activation. */
export function predictiveScore(examples: readonly Example[], acts: Float32Array, truth: Uint8Array, typical: number, globalMax: number): number {
  const actual: number[] = [];
  const predicted: number[] = [];
  for (const ex of examples) {
    for (const r of ex.rows) {
      actual.push(scale010(acts[r], globalMax));
      predicted.push(truth[r] * scale010(typical, globalMax));
    }
  }
  return pearson(actual, predicted);
}

export interface Classification {
  balancedAccuracy: number;
  auc: number;
  precision: number;
  recall: number;
  f1: number;
}

/** delphi's classifier metrics: confusion at p ≥ 0.5, balanced accuracy, and ROC-AUC from p. */
export function classify(labels: readonly boolean[], p: readonly number[]): Classification {
  let [tp, fp, tn, fn] = [0, 0, 0, 0];
  labels.forEach((l, i) => {
    const yes = p[i] >= 0.5;
    if (l && yes) tp++;
    else if (l) fn++;
    else if (yes) fp++;
    else tn++;
  });
  const tpr = tp + fn > 0 ? tp / (tp + fn) : 0;
  const tnr = tn + fp > 0 ? tn / (tn + fp) : 0;
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  return { balancedAccuracy: (tpr + tnr) / 2, auc: rocAuc(labels, p), precision, recall: tpr, f1: precision + tpr > 0 ? (2 * precision * tpr) / (precision + tpr) : 0 };
}

/** ROC-AUC as the Mann–Whitney statistic (ties count half); 0.5 without both classes. */
export function rocAuc(labels: readonly boolean[], p: readonly number[]): number {
  const pos = p.filter((_, i) => labels[i]);
  const neg = p.filter((_, i) => !labels[i]);
  if (pos.length === 0 || neg.length === 0) return 0.5;
  let s = 0;
  for (const a of pos) for (const b of neg) s += a > b ? 1 : a === b ? 0.5 : 0;
  return s / (pos.length * neg.length);
}

/** Detection: an example is judged activating when the predicate holds on any of its tokens. */
export function detection(activating: readonly Example[], nonActivating: readonly Example[], truth: Uint8Array): Classification {
  const all = [...activating, ...nonActivating];
  return classify(all.map((_, i) => i < activating.length), all.map((ex) => (ex.rows.some((r) => truth[r]) ? 1 : 0)));
}

/**
 * Fuzzing: activating examples highlight their tokens at ≥ 0.3 × the example's max; a
 * non-activating one highlights n = ceil(mean count of nonzero tokens of the activating
 * examples) random tokens (`pick`). p = share of highlighted tokens the predicate holds on;
 * the highlights are judged correct at p ≥ 0.5.
 */
export function fuzzing(activating: readonly Example[], nonActivating: readonly Example[], acts: Float32Array, truth: Uint8Array, pick: (rows: readonly number[], n: number) => number[]): Classification {
  const nonzero = activating.map((ex) => ex.rows.filter((r) => acts[r] > 0).length);
  const n = Math.max(1, Math.ceil(nonzero.reduce((a, b) => a + b, 0) / Math.max(1, nonzero.length)));
  const share = (rows: readonly number[]) => (rows.length === 0 ? 0 : rows.filter((r) => truth[r]).length / rows.length);
  const p = [
    ...activating.map((ex) => share(ex.rows.filter((r) => acts[r] >= FUZZ_FRACTION * ex.max && acts[r] > 0))),
    ...nonActivating.map((ex) => share(pick(ex.rows, Math.min(n, ex.rows.length)))),
  ];
  return classify(p.map((_, i) => i < activating.length), p);
}
