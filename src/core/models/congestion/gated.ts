import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { Mlp, ops as o, type Params, type Tensor } from '../../engine';
import { fitBradleyTerry, type ScoreBuilder } from '../common/bradley-terry';
import { fitRidge } from '../common/ridge';
import { spearman } from '../common/rank-metrics';

/**
 * The interpretable preference model, ArmoRM-style (ALGORITHMS-DETAIL §10): per feature k a
 * ridge regression a_k = w_kᵀe from a layout embedding e (no intercept, α per feature by a
 * 80/20 validation split), a gate g = s·softmax(MLP(e)/τ), and the score R = Σ_k g_k a_k,
 * trained with the Bradley–Terry loss on pairs of layouts of the same design.
 *
 * Direction: the preferred layout of a pair is the LESS congested one, so R is a quality score
 * (higher = better). The reference prefers the more congested layout, making its R a congestion
 * score; the studio's congestion score is −R. Each a_k's target is the standardised feature
 * oriented so that larger = less congested on the training layouts (sign of −SRCC with the
 * label), so g_k·a_k reads as feature k's push towards "less congested".
 */

export const GatedModel = z.object({
  version: z.literal(1),
  features: z.array(z.string()),
  embedding: z.enum(['features', 'pooled-maps']),
  /** training mean and std of each feature */
  mean: z.array(z.number()),
  std: z.array(z.number()),
  /** +1 or −1: the orientation of a_k */
  signs: z.array(z.number()),
  embMean: z.array(z.number()),
  embStd: z.array(z.number()),
  /** ridge weights [K][dE] and the α chosen per feature */
  ridge: z.array(z.array(z.number())),
  alphas: z.array(z.number()),
  tau: z.number(),
  hidden: z.array(z.number()),
  /** trained gate parameters by engine name */
  params: z.record(z.string(), z.array(z.number())),
  trainedOn: z.array(z.string()),
  pairs: z.number(),
  losses: z.array(z.number()),
});
export type GatedModel = z.infer<typeof GatedModel>;

export interface GatedOptions {
  embedding?: 'features' | 'pooled-maps';
  tau?: number;
  /** hidden widths of the gate MLP (the reference: 3 × 1024 on a 3,584-d embedding; the studio's embeddings are 10–200-d) */
  hidden?: number[];
  steps?: number;
  lr?: number;
  batch?: number;
  /** most pairs per design (the reference: 50,000) */
  pairsPerDesign?: number;
  seed?: number;
  onStep?: (step: number, steps: number, loss: number) => void;
}

export interface TrainingSet {
  /** feature values [n, K] row-major */
  x: Float64Array;
  features: string[];
  /** embedding inputs [n, dE] when embedding = 'pooled-maps' */
  pooled?: Float64Array;
  pooledDim?: number;
  labels: Float64Array;
  designs: string[];
}

export const ALPHAS = [1e-4, 1e-3, 1e-2, 1e-1, 1, 10, 100, 1e3, 1e4];

function columnStats(x: Float64Array, n: number, d: number) {
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += x[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) std[j] += (x[i * d + j] - mean[j]) ** 2 / n;
  return { mean, std: std.map((v) => Math.sqrt(v) || 1) };
}

const standardise = (x: ArrayLike<number>, mean: number[], std: number[]) => Float64Array.from(x, (v, i) => (v - mean[i % mean.length]) / std[i % std.length]);

/** Within-design pairs, preferred (winner) = the less congested layout; ties are skipped. */
export function preferencePairs(labels: ArrayLike<number>, designs: readonly string[], perDesign: number, rng: Rng): { winners: Int32Array; losers: Int32Array } {
  const winners: number[] = [];
  const losers: number[] = [];
  const byDesign = new Map<string, number[]>();
  designs.forEach((d, i) => byDesign.set(d, [...(byDesign.get(d) ?? []), i]));
  for (const idx of byDesign.values()) {
    const all: [number, number][] = [];
    const total = (idx.length * (idx.length - 1)) / 2;
    if (total <= perDesign) {
      for (let a = 0; a < idx.length; a++) for (let b = a + 1; b < idx.length; b++) all.push([idx[a], idx[b]]);
    } else {
      for (let k = 0; k < perDesign; k++) all.push([idx[rng.int(idx.length)], idx[rng.int(idx.length)]]);
    }
    for (const [i, j] of all) {
      if (labels[i] === labels[j]) continue;
      winners.push(labels[i] < labels[j] ? i : j);
      losers.push(labels[i] < labels[j] ? j : i);
    }
  }
  return { winners: Int32Array.from(winners), losers: Int32Array.from(losers) };
}

/** The gate and score as an engine graph over items [B, dE + K] = [embedding, a]. */
function builder(dE: number, K: number, hidden: number[], tau: number): ScoreBuilder {
  return (ps: Params, x: Tensor) => {
    const e = o.slice(x, [0], [dE], [1]);
    const a = o.slice(x, [dE], [dE + K], [1]);
    const logits = new Mlp(ps.scope('gate'), [dE, ...hidden, K], 'relu').forward(e);
    const scale = ps.create('scale', [1], { ones: true });
    const g = o.mul(scale, o.softmax(o.div(logits, tau), -1));
    return o.reduceSum(o.mul(g, a), [1]);
  };
}

function embed(model: Pick<GatedModel, 'embedding' | 'mean' | 'std' | 'embMean' | 'embStd'>, featureRow: ArrayLike<number>, pooledRow?: ArrayLike<number>): Float64Array {
  const z = standardise(featureRow, model.mean, model.std);
  if (model.embedding === 'features') return z;
  if (!pooledRow) throw new StudioError('bad-input', 'the pooled-maps embedding needs the layout maps', 'embedding');
  return standardise(pooledRow, model.embMean, model.embStd);
}

export async function trainGated(set: TrainingSet, options: GatedOptions = {}): Promise<GatedModel> {
  const K = set.features.length;
  const n = set.labels.length;
  const embedding = options.embedding ?? 'features';
  const tau = options.tau ?? 10;
  const hidden = options.hidden ?? [64, 64];
  const rng = new Rng(options.seed ?? 1);
  const { mean, std } = columnStats(set.x, n, K);
  const z = standardise(set.x, mean, std);
  const signs = set.features.map((_, k) => (spearman(Float64Array.from({ length: n }, (_, i) => z[i * K + k]), set.labels) > 0 ? -1 : 1));
  let embMean: number[] = [];
  let embStd: number[] = [];
  let e: Float64Array;
  let dE: number;
  if (embedding === 'features') {
    e = z;
    dE = K;
  } else {
    if (!set.pooled || !set.pooledDim) throw new StudioError('bad-input', 'the pooled-maps embedding needs pooled maps', 'embedding');
    dE = set.pooledDim;
    ({ mean: embMean, std: embStd } = columnStats(set.pooled, n, dE));
    e = standardise(set.pooled, embMean, embStd);
  }
  // Stage 1: a ridge per feature, α by validation loss on a seeded 80/20 split.
  const order = Array.from({ length: n }, (_, i) => i).sort(() => rng.next() - 0.5);
  const cut = Math.max(1, Math.floor(n * 0.8));
  const [fitRows, valRows] = [order.slice(0, cut), order.slice(cut)];
  const rows = (m: Float64Array, d: number, r: number[]) => Float64Array.from({ length: r.length * d }, (_, t) => m[r[Math.floor(t / d)] * d + (t % d)]);
  const target = (k: number, r: number[]) => Float64Array.from(r, (i) => signs[k] * z[i * K + k]);
  const all = Array.from({ length: n }, (_, i) => i);
  const ridge: number[][] = [];
  const alphas: number[] = [];
  for (let k = 0; k < K; k++) {
    let best = { alpha: ALPHAS[0], loss: Infinity };
    for (const alpha of ALPHAS) {
      const fit = fitRidge(rows(e, dE, fitRows), target(k, fitRows), dE, alpha, false);
      const yv = target(k, valRows);
      const ev = rows(e, dE, valRows);
      let loss = 0;
      yv.forEach((y, i) => {
        let p = 0;
        for (let j = 0; j < dE; j++) p += fit.weights[j] * ev[i * dE + j];
        loss += (p - y) ** 2;
      });
      if (loss < best.loss) best = { alpha, loss };
    }
    alphas.push(best.alpha);
    ridge.push(Array.from(fitRidge(e, target(k, all), dE, best.alpha, false).weights));
  }
  // Stage 2: the gate, on within-design pairs (preferred = less congested).
  const a = new Float64Array(n * K);
  for (let i = 0; i < n; i++) for (let k = 0; k < K; k++) a[i * K + k] = ridge[k].reduce((s, w, j) => s + w * e[i * dE + j], 0);
  const items = new Float32Array(n * (dE + K));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < dE; j++) items[i * (dE + K) + j] = e[i * dE + j];
    for (let k = 0; k < K; k++) items[i * (dE + K) + dE + k] = a[i * K + k];
  }
  const pairs = preferencePairs(set.labels, set.designs, options.pairsPerDesign ?? 50_000, rng);
  if (pairs.winners.length === 0) throw new StudioError('bad-input', 'no within-design pairs with different labels to train on', 'pairs');
  const fit = await fitBradleyTerry({ items, dim: dE + K, ...pairs }, { build: builder(dE, K, hidden, tau), steps: options.steps ?? 300, lr: options.lr ?? 3e-3, batch: options.batch ?? 256, seed: options.seed ?? 1, onStep: options.onStep });
  return {
    version: 1,
    features: set.features,
    embedding,
    mean,
    std,
    signs,
    embMean,
    embStd,
    ridge,
    alphas,
    tau,
    hidden,
    params: Object.fromEntries(Object.entries(fit.values).map(([k, v]) => [k, Array.from(v)])),
    trainedOn: [...new Set(set.designs)].sort(),
    pairs: pairs.winners.length,
    losses: fit.losses,
  };
}

export interface GatedOutput {
  /** preference score (higher = less congested) */
  r: number;
  g: number[];
  a: number[];
}

/** The trained model's forward pass in plain numbers (the same maths as the engine graph; checked against it in tests). */
export function gatedForward(model: GatedModel, featureRow: ArrayLike<number>, pooledRow?: ArrayLike<number>): GatedOutput {
  const e = embed(model, featureRow, pooledRow);
  const K = model.features.length;
  const a = model.ridge.map((w) => w.reduce((s, wj, j) => s + wj * e[j], 0));
  let h = Array.from(e);
  const widths = [e.length, ...model.hidden, K];
  for (let l = 0; l < widths.length - 1; l++) {
    const w = model.params[`gate.fc${l}.w`];
    const b = model.params[`gate.fc${l}.b`];
    const next = new Array<number>(widths[l + 1]).fill(0);
    for (let j = 0; j < widths[l + 1]; j++) {
      let s = b[j];
      for (let i = 0; i < widths[l]; i++) s += h[i] * w[i * widths[l + 1] + j];
      next[j] = l < widths.length - 2 ? Math.max(0, s) : s;
    }
    h = next;
  }
  const m = Math.max(...h.map((v) => v / model.tau));
  const ex = h.map((v) => Math.exp(v / model.tau - m));
  const total = ex.reduce((s, v) => s + v, 0);
  const g = ex.map((v) => (model.params.scale[0] * v) / total);
  return { r: g.reduce((s, gk, k) => s + gk * a[k], 0), g, a };
}
