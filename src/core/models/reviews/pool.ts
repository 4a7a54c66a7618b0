import { averageRanks, pearson, spearman } from '../common/rank-metrics';
import type { Doc } from '../../text/nlp/analyse';
import type { Candidate, Source } from './candidates';
import type { Expr } from './language';
import { valueOf, type EvalContext } from './language';
import { applyScale, fitScale, type Scale } from './select';

/** Row indices of the three splits into the analysed reviews. */
export interface SplitRows {
  train: number[];
  valid: number[];
  test: number[];
}

/** One hypothesis of the working memory: what was proposed, from where, how it scored, and its fate. */
export interface Hypothesis {
  name: string;
  description: string;
  definition: Expr;
  source: Source;
  round: number;
  why: string;
  /** single-feature Spearman ρ on train and on validation */
  rhoTrain: number | null;
  rhoValid: number | null;
  status: 'kept' | 'dropped';
  /** why dropped, or which round selected it */
  reason: string;
}

/** A candidate's values, scaled by its training min/max. */
export interface Column {
  hyp: Hypothesis;
  scale: Scale;
  train: Float64Array;
  valid: Float64Array;
  test: Float64Array;
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);
const at = (values: Float64Array, rows: readonly number[]) => Float64Array.from(rows, (r) => values[r]);
/** The entries of `values` at positions `keep`. */
export const pick = (values: ArrayLike<number>, keep: readonly number[]) => Float64Array.from(keep, (i) => values[i]);

/**
 * Evaluates a candidate on every review and scales it; its single-feature ρ is measured on train
 * and validation, leaving out the reviews in `mined` (those whose contrast chose some feature's
 * parameters: on them a mined feature looks better than it is).
 */
export function columnOf(c: Candidate, round: number, docs: readonly Doc[], rows: SplitRows, target: Float64Array, mined: ReadonlySet<number> = new Set(), ctx?: EvalContext): Column {
  const all = Float64Array.from(docs, (d) => valueOf(d, c.def.value, ctx));
  fillMissing(all, rows.train);
  const rawTrain = at(all, rows.train);
  const scale = fitScale(rawTrain);
  const train = applyScale(rawTrain, scale);
  const valid = applyScale(at(all, rows.valid), scale);
  const test = applyScale(at(all, rows.test), scale);
  const rho = (x: Float64Array, split: number[]) => {
    const keep = split.flatMap((r, i) => (mined.has(r) ? [] : [i]));
    return orNull(spearman(pick(x, keep), at(target, keep.map((i) => split[i]))));
  };
  return {
    hyp: { name: c.def.name, description: c.def.description, definition: c.def.value, source: c.source, round, why: c.why, rhoTrain: rho(train, rows.train), rhoValid: rho(valid, rows.valid), status: 'dropped', reason: '' },
    scale,
    train,
    valid,
    test,
  };
}

/** A value that could not be had (a PROMPT reply that was not a score) takes the training median. */
function fillMissing(all: Float64Array, train: readonly number[]): void {
  if (all.every(Number.isFinite)) return;
  const known = train.map((r) => all[r]).filter(Number.isFinite).sort((a, b) => a - b);
  const median = known.length ? known[Math.floor(known.length / 2)] : 0;
  for (let i = 0; i < all.length; i++) if (!Number.isFinite(all[i])) all[i] = median;
}

const ranks = new WeakMap<Column, Float64Array>();
function ranksOf(c: Column): Float64Array {
  let r = ranks.get(c);
  if (!r) ranks.set(c, (r = averageRanks(c.train)));
  return r;
}

/** |r| above which two candidates count as the same hypothesis (on the training rows, ranks). */
export const DUPLICATE_RHO = 0.97;

/**
 * Narrows candidates to the `size` strongest by |single-feature ρ| on train that are not
 * near-duplicates of a stronger one (what enters the beam search); the rest get their reason.
 */
export function narrow(columns: readonly Column[], size: number, keep: readonly Column[] = []): Column[] {
  const ranked = [...columns].sort((a, b) => Math.abs(b.hyp.rhoTrain ?? 0) - Math.abs(a.hyp.rhoTrain ?? 0));
  const chosen: Column[] = [...keep];
  for (const c of ranked) {
    if (c.hyp.rhoTrain === null) {
      c.hyp.reason = 'constant on the training reviews';
      continue;
    }
    if (chosen.length - keep.length >= size) {
      c.hyp.reason = `weak alone: |ρ| = ${Math.abs(c.hyp.rhoTrain).toFixed(3)} on train, below the ${size} strongest`;
      continue;
    }
    const twin = chosen.find((o) => Math.abs(pearson(ranksOf(o), ranksOf(c))) >= DUPLICATE_RHO);
    if (twin) {
      c.hyp.reason = `duplicate of ${twin.hyp.name} (rank correlation ≥ ${DUPLICATE_RHO} on train)`;
      continue;
    }
    chosen.push(c);
  }
  return chosen;
}
