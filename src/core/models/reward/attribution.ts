/**
 * SARM's attribution (ALGORITHMS-DETAIL §7): r = Σ_i w_i·φ_i, so contribution_i = w_i·φ_i and
 * the contributions sum to the reward exactly (up to float64 summation here).
 */
export interface Contribution {
  feature: number;
  value: number;
  weight: number;
  contribution: number;
}

export function reward(w: Float32Array, phi: Float32Array): number {
  let r = 0;
  for (let i = 0; i < w.length; i++) r += w[i] * phi[i];
  return r;
}

/** Every non-zero contribution, largest |contribution| first. */
export function contributions(w: Float32Array, phi: Float32Array): Contribution[] {
  const out: Contribution[] = [];
  for (let i = 0; i < w.length; i++) {
    const c = w[i] * phi[i];
    if (c !== 0) out.push({ feature: i, value: phi[i], weight: w[i], contribution: c });
  }
  return out.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
}

/**
 * What decided a pair: per feature, its contribution to r(chosen) − r(rejected), largest
 * magnitude first; the margin is their sum.
 */
export function pairAttribution(w: Float32Array, phiChosen: Float32Array, phiRejected: Float32Array, top = 10): { margin: number; features: (Contribution & { rejectedValue: number; delta: number })[] } {
  const rows: (Contribution & { rejectedValue: number; delta: number })[] = [];
  let margin = 0;
  for (let i = 0; i < w.length; i++) {
    const delta = w[i] * (phiChosen[i] - phiRejected[i]);
    margin += delta;
    if (delta !== 0) rows.push({ feature: i, value: phiChosen[i], rejectedValue: phiRejected[i], weight: w[i], contribution: w[i] * phiChosen[i], delta });
  }
  rows.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
  return { margin, features: rows.slice(0, top) };
}
