import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { reward } from './attribution';

/** A feature edit before the head, as SARM's steering config: {"16720": ["*", 2]} or ["+", 0.5]. */
export const FeatureEdits = z.record(z.string().regex(/^\d+$/, 'feature ids are whole numbers'), z.tuple([z.enum(['+', '*']), z.number().finite()]));
export type FeatureEdits = z.infer<typeof FeatureEdits>;

export function parseEdits(json: string, m: number, where = '--edit'): Map<number, ['+' | '*', number]> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new StudioError('bad-input', 'the edit is not JSON; write e.g. {"12": ["*", 2]}', where);
  }
  const parsed = FeatureEdits.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-input', `the edit is invalid: ${issue.message}`, `${where}: ${issue.path.join('.')}`);
  }
  const edits = new Map<number, ['+' | '*', number]>();
  for (const [key, op] of Object.entries(parsed.data)) {
    const feature = Number(key);
    if (feature >= m) throw new StudioError('bad-input', `feature ${feature} is outside the SAE's ${m} features`, `${where}: ${key}`);
    edits.set(feature, op);
  }
  return edits;
}

/**
 * φ with the edits applied (a copy). An edit acts on the feature where it fires — its TopK
 * latent, SARM's steering target: × v scales the latent's value, + v adds v where the latent is
 * active. With φ = TopK(z) that is φ itself; with φ = z (dense pre-activations) the edit still
 * moves only the responses where the feature fires, so a feature of one domain shifts that
 * domain. `latent` defaults to φ.
 */
export function applyEdits(phi: Float32Array, edits: ReadonlyMap<number, ['+' | '*', number]>, latent: Float32Array = phi): Float32Array {
  const out = Float32Array.from(phi);
  for (const [i, [op, v]] of edits) {
    if (latent[i] === 0) continue;
    out[i] += op === '+' ? v : (v - 1) * latent[i];
  }
  return out;
}

export interface ShiftGroup {
  chosenMeanDelta: number;
  rejectedMeanDelta: number;
  /** mean |Δ| per pair: signed means can cancel between pairs, |Δ| cannot */
  chosenMeanAbsDelta: number;
  rejectedMeanAbsDelta: number;
  pairs: number;
}

/**
 * "Nearly unchanged", as a number: the complement's chosen rewards move, per pair and in
 * absolute value, at most this share of the target's (docs/reward.md).
 */
export const COMPLEMENT_RATIO_BOUND = 0.2;

export interface ShiftResult {
  target: ShiftGroup;
  complement: ShiftGroup;
  /** complement.chosenMeanAbsDelta / target.chosenMeanAbsDelta; null when the target's chosen rewards do not move */
  complementRatio: number | null;
  /** complementRatio ≤ COMPLEMENT_RATIO_BOUND */
  nearlyUnchanged: boolean;
  /** pairs whose preferred side changed */
  flips: number;
  flipped: { pair: number; before: number; after: number }[];
}

/**
 * Re-scores every pair with the edits applied (to the latents, see `applyEdits`) and reports the
 * mean change (signed and absolute) of the chosen and the rejected rewards on the target domain
 * and on its complement, the complement's share of the target's chosen move, and the pairs whose
 * verdict flips. `phi(pair, side)` gives a pair's φ row (0 = chosen, 1 = rejected).
 */
export function preferenceShift(w: Float32Array, phi: (pair: number, side: 0 | 1) => Float32Array, pairs: number, inTarget: (pair: number) => boolean, edits: ReadonlyMap<number, ['+' | '*', number]>, latent: (pair: number, side: 0 | 1) => Float32Array = phi): ShiftResult {
  const blank = () => ({ c: 0, r: 0, absC: 0, absR: 0, n: 0 });
  const acc = { target: blank(), complement: blank() };
  const flipped: ShiftResult['flipped'] = [];
  for (let p = 0; p < pairs; p++) {
    const c = phi(p, 0);
    const r = phi(p, 1);
    const before = [reward(w, c), reward(w, r)];
    const after = [reward(w, applyEdits(c, edits, latent(p, 0))), reward(w, applyEdits(r, edits, latent(p, 1)))];
    const g = inTarget(p) ? acc.target : acc.complement;
    g.c += after[0] - before[0];
    g.r += after[1] - before[1];
    g.absC += Math.abs(after[0] - before[0]);
    g.absR += Math.abs(after[1] - before[1]);
    g.n++;
    const marginBefore = before[0] - before[1];
    const marginAfter = after[0] - after[1];
    if (marginBefore > 0 !== marginAfter > 0) flipped.push({ pair: p, before: marginBefore, after: marginAfter });
  }
  const mean = (x: number, n: number) => (n ? x / n : 0);
  const group = (g: ReturnType<typeof blank>): ShiftGroup => ({
    chosenMeanDelta: mean(g.c, g.n),
    rejectedMeanDelta: mean(g.r, g.n),
    chosenMeanAbsDelta: mean(g.absC, g.n),
    rejectedMeanAbsDelta: mean(g.absR, g.n),
    pairs: g.n,
  });
  const target = group(acc.target);
  const complement = group(acc.complement);
  const complementRatio = target.chosenMeanAbsDelta > 0 ? complement.chosenMeanAbsDelta / target.chosenMeanAbsDelta : null;
  return { target, complement, complementRatio, nearlyUnchanged: complementRatio !== null && complementRatio <= COMPLEMENT_RATIO_BOUND, flips: flipped.length, flipped };
}

/** The "nearly unchanged" check in words, for the CLI and the report. */
export function complementVerdict(shift: Pick<ShiftResult, 'complementRatio' | 'nearlyUnchanged'>): string {
  if (shift.complementRatio === null) return 'the target\'s chosen rewards do not move: the edited features never fire on its chosen answers';
  const pass = shift.nearlyUnchanged ? 'nearly unchanged' : 'NOT nearly unchanged';
  return `complement / target mean |Δ chosen| = ${shift.complementRatio.toFixed(2)} (bound ${COMPLEMENT_RATIO_BOUND}): the complement is ${pass}`;
}

/**
 * SARM's candidate score per feature: s_i = (C_i − J_i)/(C_i + J_i + mean(C + J)), C and J the
 * feature's summed values over the chosen and the rejected responses of a set of pairs. On the
 * target set it is s; on the complement, t.
 */
export function contrastScores(phi: (pair: number, side: 0 | 1) => Float32Array, pairs: readonly number[], m: number): Float64Array {
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

/**
 * Mean |latent| per response (chosen and rejected both count) of each feature over a set of
 * pairs: how strongly the feature fires there. An edit moves a response's reward by
 * w_i·(v − 1)·latent_i (× v), so a domain moves in proportion to this activity.
 */
export function domainActivity(latent: (pair: number, side: 0 | 1) => Float32Array, pairs: readonly number[], m: number): Float64Array {
  const a = new Float64Array(m);
  for (const p of pairs) {
    for (const side of [0, 1] as const) {
      const row = latent(p, side);
      for (let i = 0; i < m; i++) a[i] += Math.abs(row[i]);
    }
  }
  const n = 2 * pairs.length;
  if (n > 0) for (let i = 0; i < m; i++) a[i] /= n;
  return a;
}

/**
 * Specificity of each feature to the target: (a_T − a_C)/(a_T + a_C) from the per-response
 * activities on the target and on its complement — 1 fires only on the target, 0 as much per
 * response on both, −1 only off it; 0 for a feature that never fires. Per response, so the
 * domains' sizes do not matter.
 */
export function targetSpecificity(onTarget: Float64Array, offTarget: Float64Array): Float64Array {
  return onTarget.map((a, i) => {
    const sum = a + offTarget[i];
    return sum === 0 ? 0 : (a - offTarget[i]) / sum;
  });
}

export interface ShiftCandidate {
  feature: number;
  s: number;
  t: number;
  specificity: number;
  score: number;
}

/**
 * The pick rule (the reference gives none): a feature worth editing separates chosen from
 * rejected on the target (s_i high), not on the rest (|t_i| small), and fires on the target
 * rather than on the rest (specificity high) — an edit acts where the latent fires, so a
 * feature as active off the target moves the complement as much. Score = (s_i − |t_i|)·spec_i;
 * kept when the score is positive (s_i > |t_i| and spec_i > 0) and the head's weight is
 * positive: the edit it is proposed for scales the feature up (× v > 1), which widens the
 * target's chosen–rejected margin only where w_i > 0 (with w_i < 0 it narrows it).
 */
export function pickShiftFeatures(s: Float64Array, t: Float64Array, specificity: Float64Array, w: Float32Array, count: number): ShiftCandidate[] {
  const rows: ShiftCandidate[] = [];
  for (let i = 0; i < s.length; i++) {
    const score = (s[i] - Math.abs(t[i])) * specificity[i];
    if (!(s[i] > 0) || !(specificity[i] > 0) || !(score > 0) || !(w[i] > 0)) continue;
    rows.push({ feature: i, s: s[i], t: t[i], specificity: specificity[i], score });
  }
  return rows.sort((a, b) => b.score - a.score).slice(0, count);
}
