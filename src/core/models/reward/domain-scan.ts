/**
 * A preference shift per target domain, picked and confirmed apart (docs/reward.md, "Domains the
 * text model can see"): for each domain, the studio's pick rule (candidates.ts) picks its first
 * feature on the training pairs only; the edit × 2 of that feature is then measured on the
 * training pairs, on all pairs and on the held-out pairs, so a domain is chosen by its training
 * figure and confirmed on pairs the pick never saw.
 */
import { chosenActivity, contrastScores, MIN_TARGET_COVERAGE, pickShiftFeatures } from './candidates';
import { MIN_DOMAIN_PAIRS, type ShiftDomain } from '../../../shared/rewardDomains';
import { COMPLEMENT_RATIO_BOUND, preferenceShift } from './shift';

type Rows = (pair: number, side: 0 | 1) => Float32Array;

export interface ScanInput {
  w: Float32Array;
  m: number;
  prompts: readonly string[];
  split: { train: readonly number[]; test: readonly number[] };
  /** φ rows, what the head reads */
  phi: Rows;
  /** TopK latents, what the pick rule and the edit read */
  latent: Rows;
}

/** One set of pairs' figures for a domain's edit. */
export interface ScanMeasure {
  targetPairs: number;
  complementPairs: number;
  complementRatio: number | null;
  /** target chosen answers where the edited feature fires, and their share */
  targetChosenMoved: number;
  coverage: number;
  targetChosenMeanDelta: number;
  /** mean change of the target's margin r_c − r_r */
  targetMarginDelta: number;
  flips: number;
}

export interface DomainScanRow extends ShiftDomain {
  pairs: number;
  /** fewer than MIN_DOMAIN_PAIRS target pairs, or no candidate on the training pairs: nothing measured */
  skipped?: string;
  feature?: number;
  weight?: number;
  /** a_C/a_T on the training pairs: the pick rule's own figure */
  predictedRatio?: number;
  train?: ScanMeasure;
  all?: ScanMeasure;
  heldOut?: ScanMeasure;
  /** held-out ratio ≤ the bound with the feature firing on ≥ MIN_TARGET_COVERAGE of the held-out target's chosen answers */
  holdsHeldOut?: boolean;
}

export const SCAN_EDIT: ['*', number] = ['*', 2];

export function scanDomain(input: ScanInput, domain: ShiftDomain): DomainScanRow {
  const re = new RegExp(domain.promptMatches, 'i');
  const inTarget = (p: number) => re.test(input.prompts[p]);
  const pairs = input.prompts.filter((p) => re.test(p)).length;
  if (pairs < MIN_DOMAIN_PAIRS) return { ...domain, pairs, skipped: `${pairs} target pairs, fewer than ${MIN_DOMAIN_PAIRS}` };
  return { ...domain, pairs, ...scanTarget(input, inTarget) };
}

/** The pick on the training pairs and its measures, for any target (a domain, or a random control set of pairs). */
export function scanTarget(input: ScanInput, inTarget: (pair: number) => boolean): Omit<DomainScanRow, keyof ShiftDomain | 'pairs'> {
  const all = input.prompts.map((_, i) => i);
  const on = input.split.train.filter(inTarget);
  const off = input.split.train.filter((p) => !inTarget(p));
  const s = contrastScores(input.latent, on, input.m);
  const t = contrastScores(input.latent, off, input.m);
  const [pick] = pickShiftFeatures(s, t, chosenActivity(input.latent, on, input.m), chosenActivity(input.latent, off, input.m), input.w, 1);
  if (!pick) return { skipped: 'no candidate on the training pairs' };
  const edits = new Map([[pick.feature, SCAN_EDIT]]);
  const measure = (set: readonly number[]): ScanMeasure => {
    const r = preferenceShift(input.w, (i, side) => input.phi(set[i], side), set.length, (i) => inTarget(set[i]), edits, (i, side) => input.latent(set[i], side));
    const target = set.filter(inTarget);
    const moved = target.filter((p) => input.latent(p, 0)[pick.feature] !== 0).length;
    return {
      targetPairs: r.target.pairs,
      complementPairs: r.complement.pairs,
      complementRatio: r.complementRatio,
      targetChosenMoved: moved,
      coverage: target.length ? moved / target.length : 0,
      targetChosenMeanDelta: r.target.chosenMeanDelta,
      targetMarginDelta: r.target.chosenMeanDelta - r.target.rejectedMeanDelta,
      flips: r.flips,
    };
  };
  const heldOut = measure(input.split.test);
  return {
    feature: pick.feature,
    weight: input.w[pick.feature],
    predictedRatio: pick.predictedRatio,
    train: measure(input.split.train),
    all: measure(all),
    heldOut,
    holdsHeldOut: heldOut.complementRatio !== null && heldOut.complementRatio <= COMPLEMENT_RATIO_BOUND && heldOut.coverage >= MIN_TARGET_COVERAGE,
  };
}

/**
 * The domain a shift is best placed on, chosen on the training pairs alone: the smallest
 * training ratio among the domains that were measured. Its held-out figure confirms it or not.
 */
export function bestOnTraining(rows: readonly DomainScanRow[]): DomainScanRow | null {
  const measured = rows.filter((r) => r.train?.complementRatio != null);
  return measured.reduce<DomainScanRow | null>((b, r) => (b === null || r.train!.complementRatio! < b.train!.complementRatio! ? r : b), null);
}
