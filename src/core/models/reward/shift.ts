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
