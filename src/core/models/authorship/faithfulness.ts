/**
 * How much the residual decides (ALGORITHMS-DETAIL §9): per pair the interpretability
 * confidence IC = 1 − |r̂| (near 1: the decision rests on the interpretable features) and the
 * interpretable share |s_I| / (|s_I| + |r̂|); over pairs, the IC histogram and the share of
 * decisions the residual flips relative to the interpretable system alone (s_I > θ_I).
 */
export interface Faithfulness {
  meanIC: number;
  /** share of pairs where (s_I + r̂ > θ) ≠ (s_I > θ_I) */
  flipShare: number;
  /** mean over pairs of |s_I| / (|s_I| + |r̂|) */
  meanInterpretableShare: number;
  /** counts of IC in `bins` equal bins over [0, 1] */
  histogram: { edges: number[]; counts: number[] };
}

export const ic = (rHat: number): number => 1 - Math.abs(rHat);

export const interpretableShare = (sI: number, rHat: number): number => {
  const total = Math.abs(sI) + Math.abs(rHat);
  return total > 0 ? Math.abs(sI) / total : 1;
};

export function faithfulness(sI: ArrayLike<number>, rHat: ArrayLike<number>, theta: number, thetaI: number, bins = 20): Faithfulness {
  const n = sI.length;
  const counts = new Array<number>(bins).fill(0);
  let icSum = 0;
  let flips = 0;
  let share = 0;
  for (let i = 0; i < n; i++) {
    const c = ic(rHat[i]);
    icSum += c;
    counts[Math.min(bins - 1, Math.max(0, Math.floor(c * bins)))]++;
    if (sI[i] + rHat[i] > theta !== sI[i] > thetaI) flips++;
    share += interpretableShare(sI[i], rHat[i]);
  }
  return {
    meanIC: n ? icSum / n : NaN,
    flipShare: n ? flips / n : NaN,
    meanInterpretableShare: n ? share / n : NaN,
    histogram: { edges: Array.from({ length: bins + 1 }, (_, i) => i / bins), counts },
  };
}
