/**
 * Feature absorption (Chanin et al.; SAEBench `evals/absorption`, ALGORITHMS-DETAIL §3.3) on
 * board properties instead of first letters: a ground-truth logistic probe on the raw
 * activations gives the property's direction p̂; the SAE latents that carry it ("split"
 * features) are the top-k by signed mean difference, k growing while the k-sparse probe's test
 * F1 still rises by more than 0.03. On each test position where the property holds and the
 * ground-truth probe fires:
 *   c_j = cos(atom_j, p̂), proj_j = f_j·⟨atom_j, p̂⟩, P = ⟨x − b, p̂⟩, main = Σ_split proj_j,
 *   A = sum of the 3 largest proj_j > 0 outside the split with c_j ≥ 0.1;
 *   fraction = 0 if main ≥ P or A/P < 0.4, 1 if main ≤ 0, else a/(a + main), a = min(A, P − main);
 *   full absorption: every split latent < 1e-8, and the top-projecting other latent has
 *   c ≥ 0.025, P ≥ 0 and proj/P ≥ 0.4.
 * [studio] P is measured from the SAE's decoder bias b (original space), the point its atoms add
 * to, where SAEBench projects the raw activation; atoms are in the original space (whitened SAEs
 * mapped back, §4). Tasks whose ground-truth probe has test F1 ≤ 0.6 are left out.
 */
import { fitLogistic, predictLogistic } from './logistic';
import { type BalancedSplit, type FeatureRows, f1Score, probeScores, topMeanDifference } from './probing';

export interface AbsorptionTask {
  fraction: number;
  full: number;
  positives: number;
  groundTruthF1: number;
  splitFeatures: number[];
}

export interface AbsorptionInput {
  x: FeatureRows;
  f: FeatureRows;
  /** decoder rows in the original space, [dSae, dIn] */
  atoms: Float32Array;
  /** the reconstruction of f = 0, original space */
  bias: Float32Array;
  split: BalancedSplit;
  maxK?: number;
}

export const GROUND_TRUTH_MIN_F1 = 0.6;
const SPLIT_GAIN = 0.03;

/** The ground-truth probe of a task on the raw activations: its unit direction and which test rows it fires on; null when its test F1 ≤ 0.6. */
export interface GroundTruth {
  dir: Float64Array;
  fired: boolean[];
  f1: number;
}

export function groundTruthProbe(x: FeatureRows, split: BalancedSplit): GroundTruth | null {
  const d = x.width;
  const gather = (rows: Uint32Array) => Float64Array.from({ length: rows.length * d }, (_, i) => x.data[rows[Math.floor(i / d)] * d + (i % d)]);
  const probe = fitLogistic(gather(split.train), split.trainLabels, split.train.length, d);
  const xt = gather(split.test);
  const fired = Array.from(split.test, (_, i) => predictLogistic(probe, xt, i));
  const f1 = f1Score(fired, split.testLabels);
  if (!(f1 > GROUND_TRUTH_MIN_F1)) return null;
  const norm = Math.hypot(...probe.w);
  return { dir: Float64Array.from(probe.w, (w) => w / norm), fired, f1 };
}

/** `groundTruth` may be passed when several SAEs are measured on the same rows (it depends only on x and the split). */
export function absorptionForTask(input: AbsorptionInput & { groundTruth?: GroundTruth | null }): AbsorptionTask | null {
  const { x, f, atoms, bias, split } = input;
  const d = x.width;
  const m = f.width;
  const truth = input.groundTruth === undefined ? groundTruthProbe(x, split) : input.groundTruth;
  if (!truth) return null;
  const { dir, fired, f1: gtF1 } = truth;

  const ranked = topMeanDifference(f, split.train, split.trainLabels, input.maxK ?? 10, true);
  let k = 1;
  let best = probeScores(f, split, ranked.slice(0, 1)).f1;
  while (k < ranked.length) {
    const next = probeScores(f, split, ranked.slice(0, k + 1)).f1;
    if (next - best <= SPLIT_GAIN) break;
    [k, best] = [k + 1, next];
  }
  const splitSet = new Set(ranked.slice(0, k));

  const along = Float64Array.from({ length: m }, (_, j) => {
    let s = 0;
    for (let t = 0; t < d; t++) s += atoms[j * d + t] * dir[t];
    return s;
  });
  const cos = Float64Array.from({ length: m }, (_, j) => along[j] / (Math.hypot(...atoms.subarray(j * d, (j + 1) * d)) || 1));
  let [fractionSum, fullSum, positives] = [0, 0, 0];
  split.test.forEach((row, i) => {
    if (!split.testLabels[i] || !fired[i]) return;
    positives++;
    let P = 0;
    for (let t = 0; t < d; t++) P += (x.data[row * d + t] - bias[t]) * dir[t];
    let main = 0;
    let splitSilent = true;
    const others: { proj: number; c: number }[] = [];
    for (let j = 0; j < m; j++) {
      const a = f.data[row * m + j];
      const proj = a * along[j];
      if (splitSet.has(j)) {
        main += proj;
        if (a >= 1e-8) splitSilent = false;
      } else if (a !== 0) others.push({ proj, c: cos[j] });
    }
    const absorbing = others.filter((o) => o.c >= 0.1 && o.proj > 0).sort((a, b) => b.proj - a.proj).slice(0, 3);
    const A = absorbing.reduce((s, o) => s + o.proj, 0);
    fractionSum += absorptionFraction(P, main, A);
    const top = others.reduce<{ proj: number; c: number } | null>((b, o) => (!b || o.proj > b.proj ? o : b), null);
    if (splitSilent && top && top.c >= 0.025 && P > 0 && top.proj / P >= 0.4) fullSum++;
  });
  return { fraction: positives ? fractionSum / positives : 0, full: positives ? fullSum / positives : 0, positives, groundTruthF1: gtF1, splitFeatures: [...splitSet] };
}

/** SAEBench's absorption fraction of one example. */
export function absorptionFraction(P: number, main: number, A: number): number {
  if (main >= P || !(P > 0) || A / P < 0.4) return 0;
  if (main <= 0) return 1;
  const a = Math.min(A, P - main);
  return Math.min(1, Math.max(0, a / (a + main)));
}
