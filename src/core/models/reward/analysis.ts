import { StudioError } from '../../../shared/errors';
import type { RewardCandidate, RewardDomainScan, RewardFeatureView, RewardModelDetail, RewardPairView, RewardShift, ShiftTarget } from '../../../shared/schemas/reward';
import { pairAttribution, reward } from './attribution';
import { phiFromPre, sarmPreActs } from './sarm';
import { chosenActivity, contrastScores, MIN_TARGET_COVERAGE, pickShiftFeatures } from './candidates';
import { bestOnTraining, SCAN_EDIT, scanDomain } from './domain-scan';
import { HARM_DOMAIN, MIN_DOMAIN_PAIRS, TOPIC_DOMAINS } from '../../../shared/rewardDomains';
import { COMPLEMENT_RATIO_BOUND, parseEdits, preferenceShift } from './shift';
import { loadRewardModel, type RewardModelFiles } from './store';

const SHOWN_FEATURES = 12;
/** characters of a top response shown: about the built-in text model's 128-byte context, what its state at the last byte read */
const CONTEXT_SHOWN = 128;

/**
 * A trained reward model opened for questions: φ of every response (computed once from the
 * stored standardised states), attributions per pair, preference shifts by feature edits, and
 * the s/t candidates for a target domain.
 */
export class RewardAnalysis {
  private constructor(
    readonly files: RewardModelFiles,
    /** φ rows [pairs·2, m] in the model's φ */
    private readonly phiRows: Float32Array,
    /** TopK(z) rows, what the s/t contrast sums (SARM's latents) */
    private readonly latentRows: Float32Array,
  ) {}

  static async open(dir: string): Promise<RewardAnalysis> {
    const files = await loadRewardModel(dir);
    const z = await sarmPreActs(files.sae, files.states);
    const { m, k } = files.sae;
    const latents = phiFromPre(z, m, k, 'post');
    return new RewardAnalysis(files, files.info.phi === 'post' ? latents : z, latents);
  }

  get m(): number {
    return this.files.sae.m;
  }

  phi(pair: number, side: 0 | 1): Float32Array {
    const m = this.m;
    return this.phiRows.subarray((pair * 2 + side) * m, (pair * 2 + side + 1) * m);
  }

  /** a pair side's TopK latents (SARM's), what edits and the s/t contrast read */
  latent(pair: number, side: 0 | 1): Float32Array {
    const m = this.m;
    return this.latentRows.subarray((pair * 2 + side) * m, (pair * 2 + side + 1) * m);
  }

  detail(top = 15): RewardModelDetail {
    const w = this.files.w;
    const order = Array.from(w.keys()).sort((a, b) => w[b] - w[a]);
    const testScores = this.files.split.test.map((p) => ({ pair: p, chosen: reward(w, this.phi(p, 0)), rejected: reward(w, this.phi(p, 1)) }));
    return {
      ...this.files.info,
      topPositive: order.slice(0, top).filter((i) => w[i] > 0).map((i) => ({ feature: i, weight: w[i] })),
      topNegative: order.slice(-top).reverse().filter((i) => w[i] < 0).map((i) => ({ feature: i, weight: w[i] })),
      testScores,
    };
  }

  pairView(pair: number): RewardPairView {
    const p = this.files.pairs[pair];
    if (!p) throw new StudioError('not-found', `no pair ${pair}; the model has ${this.files.pairs.length}`, 'pair');
    const w = this.files.w;
    const chosen = this.phi(pair, 0);
    const rejected = this.phi(pair, 1);
    const att = pairAttribution(w, chosen, rejected, SHOWN_FEATURES);
    const shown = att.features.reduce((s, f) => s + f.delta, 0);
    return {
      pair,
      id: p.id,
      prompt: p.prompt,
      chosen: p.chosen,
      rejected: p.rejected,
      category: p.category,
      split: this.files.split.test.includes(pair) ? 'test' : 'train',
      rewardChosen: reward(w, chosen),
      rewardRejected: reward(w, rejected),
      features: att.features.map((f) => ({ feature: f.feature, weight: f.weight, chosen: f.value, rejected: f.rejectedValue, delta: f.delta })),
      rest: att.margin - shown,
    };
  }

  /** A feature's weight, firing frequencies, and the responses where its latent is largest (what the state read: the text's last CONTEXT_SHOWN characters). */
  featureView(feature: number, count = 8): RewardFeatureView {
    if (!Number.isInteger(feature) || feature < 0 || feature >= this.m) throw new StudioError('not-found', `no feature ${feature}; the SAE has ${this.m}`, 'feature');
    const pairs = this.files.pairs;
    const fired = [0, 0];
    const hits: { pair: number; side: 0 | 1; value: number }[] = [];
    for (let p = 0; p < pairs.length; p++) {
      for (const side of [0, 1] as const) {
        const value = this.latent(p, side)[feature];
        if (value === 0) continue;
        fired[side]++;
        hits.push({ pair: p, side, value });
      }
    }
    const top = hits.sort((a, b) => b.value - a.value).slice(0, count);
    return {
      feature,
      weight: this.files.w[feature],
      chosenFrequency: pairs.length ? fired[0] / pairs.length : 0,
      rejectedFrequency: pairs.length ? fired[1] / pairs.length : 0,
      top: top.map(({ pair, side, value }) => {
        const p = pairs[pair];
        const text = `${p.prompt} ${side === 0 ? p.chosen : p.rejected}`;
        return { pair, side: side === 0 ? 'chosen' : 'rejected', value, context: text.slice(-CONTEXT_SHOWN) };
      }),
    };
  }

  /** The pairs of the target domain, and the rule in words. */
  targetPairs(target: ShiftTarget): { inTarget: (pair: number) => boolean; rule: string } {
    const pairs = this.files.pairs;
    if ('category' in target) {
      if (!pairs.some((p) => p.category === target.category)) throw new StudioError('not-found', `no pair has the category "${target.category}"`, 'target.category');
      return { inTarget: (i) => pairs[i].category === target.category, rule: `category = ${target.category}` };
    }
    let re: RegExp;
    try {
      re = new RegExp(target.promptMatches, 'i');
    } catch {
      throw new StudioError('bad-input', 'the prompt pattern is not a valid regular expression', 'target.promptMatches');
    }
    const hits = pairs.filter((p) => re.test(p.prompt)).length;
    if (hits === 0 || hits === pairs.length) throw new StudioError('bad-input', `the pattern matches ${hits} of ${pairs.length} prompts: a target domain needs some but not all`, 'target.promptMatches');
    return { inTarget: (i) => re.test(pairs[i].prompt), rule: `prompt matches /${target.promptMatches}/i (${hits} pairs)` };
  }

  shift(editsJson: string, target: ShiftTarget): RewardShift {
    const edits = parseEdits(editsJson, this.m, 'edits');
    const { inTarget, rule } = this.targetPairs(target);
    const result = preferenceShift(this.files.w, (p, s) => this.phi(p, s), this.files.pairs.length, inTarget, edits, (p, s) => this.latent(p, s));
    return { ...result, complementRatioBound: COMPLEMENT_RATIO_BOUND, flipped: result.flipped.slice(0, 50), targetRule: rule, edits: Object.fromEntries([...edits].map(([f, op]) => [String(f), op])) };
  }

  /** Features ranked for a shift on the target domain: s on the target, t on the complement, the chosen answers' activity off and on the target (candidates.ts's pick rule). */
  candidates(target: ShiftTarget, count = 10): RewardCandidate[] {
    const { inTarget } = this.targetPairs(target);
    const all = this.files.pairs.map((_, i) => i);
    const latent = (p: number, s: 0 | 1) => this.latent(p, s);
    const on = all.filter(inTarget);
    const off = all.filter((i) => !inTarget(i));
    const s = contrastScores(latent, on, this.m);
    const t = contrastScores(latent, off, this.m);
    return pickShiftFeatures(s, t, chosenActivity(latent, on, this.m), chosenActivity(latent, off, this.m), this.files.w, count).map((c) => ({ ...c, weight: this.files.w[c.feature] }));
  }

  /** A shift on each fixed domain, picked on the training pairs and confirmed on the held-out ones (domain-scan.ts). */
  domains(): RewardDomainScan {
    const input = { w: this.files.w, m: this.m, prompts: this.files.pairs.map((p) => p.prompt), split: this.files.split, phi: (p: number, s: 0 | 1) => this.phi(p, s), latent: (p: number, s: 0 | 1) => this.latent(p, s) };
    const rows = [HARM_DOMAIN, ...TOPIC_DOMAINS].map((d) => scanDomain(input, d));
    const best = bestOnTraining(rows.filter((r) => r.id !== HARM_DOMAIN.id));
    return { edit: SCAN_EDIT, bound: COMPLEMENT_RATIO_BOUND, minCoverage: MIN_TARGET_COVERAGE, minPairs: MIN_DOMAIN_PAIRS, domains: rows, bestOnTraining: best?.id ?? null, holdHeldOut: rows.filter((r) => r.holdsHeldOut).map((r) => r.id) };
  }
}
