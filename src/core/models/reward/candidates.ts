/**
 * Which features to edit for a preference shift on a target domain (the reference's s/t scores
 * and the studio's pick rule; docs/reward.md, "Preference shift").
 */

type Rows = (pair: number, side: 0 | 1) => Float32Array;

/**
 * A feature that fires on fewer than this share of the target's chosen answers is not a
 * candidate: an edit acts only where its feature fires, so such a feature barely changes the
 * target's chosen scores, and its complement ratio rests on a handful of answers.
 */
export const MIN_TARGET_COVERAGE = 0.1;

/**
 * SARM's candidate score per feature: s_i = (C_i − J_i)/(C_i + J_i + mean(C + J)), C and J the
 * feature's summed values over the chosen and the rejected responses of a set of pairs. On the
 * target set it is s; on the complement, t.
 */
export function contrastScores(phi: Rows, pairs: readonly number[], m: number): Float64Array {
  const C = new Float64Array(m);
  const J = new Float64Array(m);
  for (const p of pairs) {
    const c = phi(p, 0);
    const r = phi(p, 1);
    for (let i = 0; i < m; i++) {
      C[i] += c[i];
      J[i] += r[i];
    }
  }
  let mean = 0;
  for (let i = 0; i < m; i++) mean += C[i] + J[i];
  mean /= m;
  const s = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    const den = C[i] + J[i] + mean;
    s[i] = den === 0 ? 0 : (C[i] - J[i]) / den;
  }
  return s;
}

/** How a feature fires on the chosen answers of a set of pairs. */
export interface ChosenActivity {
  /** mean |latent| per chosen answer */
  activity: Float64Array;
  /** share of the chosen answers where the latent is non-zero */
  frequency: Float64Array;
}

/**
 * Each feature's activity on the chosen answers of a set of pairs. An edit × v moves a chosen
 * reward by w_i·(v − 1)·latent_i, so a domain's mean |Δ chosen| is |w_i·(v − 1)| times this
 * activity; per answer, so the domains' sizes do not matter.
 */
export function chosenActivity(latent: Rows, pairs: readonly number[], m: number): ChosenActivity {
  const activity = new Float64Array(m);
  const frequency = new Float64Array(m);
  for (const p of pairs) {
    const row = latent(p, 0);
    for (let i = 0; i < m; i++) {
      activity[i] += Math.abs(row[i]);
      if (row[i] !== 0) frequency[i]++;
    }
  }
  if (pairs.length > 0) {
    for (let i = 0; i < m; i++) {
      activity[i] /= pairs.length;
      frequency[i] /= pairs.length;
    }
  }
  return { activity, frequency };
}

export interface ShiftCandidate {
  feature: number;
  s: number;
  t: number;
  /** (a_T − a_C)/(a_T + a_C) of the chosen answers' activity: 1 fires only on the target, 0 as much off it */
  specificity: number;
  /** a_C/a_T: the complement ratio a single-feature × v edit of this feature gives */
  predictedRatio: number;
  /** share of the target's chosen answers where the feature fires */
  coverage: number;
}

/**
 * The pick rule (the reference gives none). A single-feature edit × v moves each chosen reward
 * by w_i·(v − 1)·latent_i, so its complement ratio (shift.ts) is a_C/a_T, the feature's chosen
 * activity off the target over on it, whatever v and w_i. Candidates: w_i > 0 (× v > 1 then
 * raises the rewards, and widens the margin where the feature fires more on chosen answers),
 * s_i > |t_i| (the reference's scores: separates chosen from rejected on the target more than on
 * the rest), firing on at least MIN_TARGET_COVERAGE of the target's chosen answers; ranked by
 * a_C/a_T, smallest first (equivalently, specificity largest first).
 */
export function pickShiftFeatures(s: Float64Array, t: Float64Array, onTarget: ChosenActivity, offTarget: ChosenActivity, w: Float32Array, count: number): ShiftCandidate[] {
  const rows: ShiftCandidate[] = [];
  for (let i = 0; i < s.length; i++) {
    const aT = onTarget.activity[i];
    const aC = offTarget.activity[i];
    if (!(w[i] > 0) || !(s[i] > Math.abs(t[i])) || !(onTarget.frequency[i] >= MIN_TARGET_COVERAGE) || !(aT > 0)) continue;
    rows.push({ feature: i, s: s[i], t: t[i], specificity: (aT - aC) / (aT + aC), predictedRatio: aC / aT, coverage: onTarget.frequency[i] });
  }
  return rows.sort((a, b) => a.predictedRatio - b.predictedRatio || b.s - a.s).slice(0, count);
}
