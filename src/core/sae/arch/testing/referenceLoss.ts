/*
 * Plain float64 TypeScript losses of each architecture's training step, written from
 * ALGORITHMS-DETAIL.md §1.7 and §2 independently of the engine graph, for the step tests.
 * Matrices are row-major number arrays; `frozen` holds the values the step reads through a
 * stop-gradient (AuxK's residual, Gated's decoder copy), so finite differences over the other
 * arguments give exactly the gradients the step must produce.
 */
export type P = Record<string, number[]>;

export interface Dims {
  B: number;
  d: number;
  m: number;
}

/** z[b, i] = Σ_j (x[b, j] − b_dec[j])·W[j, i] + b[i], with W [d, m] (or [m, d] when `rows`). */
export function pre(x: number[], W: number[], b: number[], bDec: number[], { B, d, m }: Dims, rows = false): number[] {
  const z = new Array<number>(B * m).fill(0);
  for (let r = 0; r < B; r++) {
    for (let i = 0; i < m; i++) {
      let s = b[i];
      for (let j = 0; j < d; j++) s += (x[r * d + j] - bDec[j]) * (rows ? W[i * d + j] : W[j * m + i]);
      z[r * m + i] = s;
    }
  }
  return z;
}

export function decode(f: number[], Wdec: number[], bDec: number[] | null, { B, d, m }: Dims): number[] {
  const out = new Array<number>(B * d).fill(0);
  for (let r = 0; r < B; r++) for (let j = 0; j < d; j++) {
    let s = bDec ? bDec[j] : 0;
    for (let i = 0; i < m; i++) s += f[r * m + i] * Wdec[i * d + j];
    out[r * d + j] = s;
  }
  return out;
}

/** mean over rows of ‖a − b‖². */
export function mseSum(a: number[], b: number[], B: number): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / B;
}

export function rowNorm(W: number[], i: number, d: number): number {
  let s = 0;
  for (let j = 0; j < d; j++) s += W[i * d + j] ** 2;
  return Math.sqrt(s);
}

const relu = (v: number) => Math.max(0, v);

/** Indices of the k largest of `row` (ties: lower index first). */
export function topIdx(row: number[], k: number): number[] {
  return row.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, k).map((p) => p[1]);
}

export function reluL1(p: P, x: number[], dims: Dims, lambda: number, mask?: number[]): number {
  const z = pre(x, p.W_enc, p.b_enc, p.b_dec, dims);
  const f = z.map((v, idx) => relu(v) * (mask ? mask[idx % dims.m] : 1));
  let l1 = 0;
  for (let idx = 0; idx < f.length; idx++) l1 += f[idx] * rowNorm(p.W_dec, idx % dims.m, dims.d);
  return mseSum(x, decode(f, p.W_dec, p.b_dec, dims), dims.B) + (lambda * l1) / dims.B;
}

/** The plain L1 SAE: MSE + λ·mean Σ f_i, no decoder-norm weighting. */
export function plainL1(p: P, x: number[], dims: Dims, lambda: number): number {
  const f = pre(x, p.W_enc, p.b_enc, p.b_dec, dims).map(relu);
  return mseSum(x, decode(f, p.W_dec, p.b_dec, dims), dims.B) + (lambda * f.reduce((a, b) => a + b, 0)) / dims.B;
}

/** TopK codes: per row, the k largest pre-activations, ReLU applied to the kept values. */
export function topkCodes(p: P, x: number[], dims: Dims, k: number): number[] {
  const z = pre(x, p.W_encT, p.b_enc, p.b_dec, dims, true);
  const f = new Array<number>(z.length).fill(0);
  for (let r = 0; r < dims.B; r++) for (const i of topIdx(z.slice(r * dims.m, (r + 1) * dims.m), k)) f[r * dims.m + i] = relu(z[r * dims.m + i]);
  return f;
}

/**
 * AuxK, normalised (dictionary_learning): the residual e (frozen) rebuilt from the top-kAux
 * pre-activations of dead latents without b_dec, divided by Σ‖e − ē‖².
 */
export function auxK(p: P, x: number[], dims: Dims, e: number[], dead: boolean[], kAux: number): number {
  const { B, d, m } = dims;
  if (!dead.some(Boolean)) return 0; // dictionary_learning returns 0 when no latent is dead
  const z = pre(x, p.W_encT, p.b_enc, p.b_dec, dims, true);
  const g = new Array<number>(B * m).fill(0);
  for (let r = 0; r < B; r++) {
    const masked = z.slice(r * m, (r + 1) * m).map((v, i) => (dead[i] ? v : -1e30));
    for (const i of topIdx(masked, kAux)) if (dead[i]) g[r * m + i] = relu(z[r * m + i]);
  }
  const rec = decode(g, p.W_dec, null, dims);
  const mean = Array.from({ length: d }, (_, j) => e.filter((_, idx) => idx % d === j).reduce((a, b) => a + b, 0) / B);
  let num = 0;
  let den = 0;
  for (let idx = 0; idx < e.length; idx++) {
    num += (e[idx] - rec[idx]) ** 2;
    den += (e[idx] - mean[idx % d]) ** 2;
  }
  return num / den;
}

/** BatchTopK codes: each row's top `cap` candidates, kept when among the batch's B·k largest and positive. */
export function batchTopkCodes(p: P, x: number[], dims: Dims, k: number, cap: number): number[] {
  const { B, m } = dims;
  const z = pre(x, p.W_encT, p.b_enc, p.b_dec, dims, true);
  const cands: [number, number][] = [];
  for (let r = 0; r < B; r++) for (const i of topIdx(z.slice(r * m, (r + 1) * m), cap)) cands.push([r * m + i, z[r * m + i]]);
  const kth = cands.map((c) => c[1]).sort((a, b) => b - a)[B * k - 1];
  const f = new Array<number>(B * m).fill(0);
  for (const [idx, v] of cands) if (v >= kth && v > 0) f[idx] = v;
  return f;
}

export function jumpRelu(p: P, x: number[], dims: Dims, lambda: number): number {
  const z = pre(x, p.W_enc, p.b_enc, p.b_dec, dims);
  const theta = p.log_threshold.map(Math.exp);
  const on = z.map((v, idx) => v > theta[idx % dims.m]);
  const f = z.map((v, idx) => (on[idx] ? v : 0));
  return mseSum(x, decode(f, p.W_dec, p.b_dec, dims), dims.B) + (lambda * on.filter(Boolean).length) / dims.B;
}

/** ∂L/∂log θ_i by the pseudo-derivatives (Rajamanoharan et al. 2024, DETAIL §2.5). */
export function jumpReluThetaGrad(p: P, x: number[], dims: Dims, lambda: number, eps: number): number[] {
  const { B, d, m } = dims;
  const z = pre(x, p.W_enc, p.b_enc, p.b_dec, dims);
  const theta = p.log_threshold.map(Math.exp);
  const f = z.map((v, idx) => (v > theta[idx % m] ? v : 0));
  const xHat = decode(f, p.W_dec, p.b_dec, dims);
  const g = new Array<number>(m).fill(0);
  for (let r = 0; r < B; r++) for (let i = 0; i < m; i++) {
    const K = Math.abs(z[r * m + i] - theta[i]) < eps / 2 ? 1 : 0;
    if (!K) continue;
    let dLdf = 0;
    for (let j = 0; j < d; j++) dLdf += (-2 / B) * (x[r * d + j] - xHat[r * d + j]) * p.W_dec[i * d + j];
    g[i] += dLdf * (-theta[i] / eps) + (lambda / B) * (-1 / eps);
  }
  return g.map((v, i) => v * theta[i]);
}

export function gatedLoss(p: P, x: number[], dims: Dims, lambda: number, frozen: { W_dec: number[]; b_dec: number[] }): number {
  const { m } = dims;
  const proj = pre(x, p.W_enc, new Array<number>(m).fill(0), p.b_dec, dims);
  const gate = proj.map((v, idx) => v + p.b_enc[idx % m]);
  const mag = proj.map((v, idx) => v * Math.exp(p.r_mag[idx % m]) + p.b_mag[idx % m]);
  const f = gate.map((g, idx) => (g > 0 ? relu(mag[idx]) : 0));
  const gr = gate.map(relu);
  return mseSum(x, decode(f, p.W_dec, p.b_dec, dims), dims.B) + (lambda * gr.reduce((a, b) => a + b, 0)) / dims.B + mseSum(x, decode(gr, frozen.W_dec, frozen.b_dec, dims), dims.B);
}

export function pAnnealLoss(p: P, x: number[], dims: Dims, lambda: number, pw: number): number {
  const f = pre(x, p.W_enc, p.b_enc, p.b_dec, dims).map(relu);
  const s = f.reduce((a, v) => a + (v > 0 ? v ** pw : 0), 0) / dims.B;
  return mseSum(x, decode(f, p.W_dec, p.b_dec, dims), dims.B) + lambda * s;
}
