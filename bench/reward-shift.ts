import path from 'node:path';
import { HARM_DOMAIN } from '../src/shared/rewardDomains';
import { RewardAnalysis } from '../src/core/models/reward/analysis';
import { phiFromPre, sarmPreActs } from '../src/core/models/reward/sarm';
import { chosenActivity, contrastScores, pickShiftFeatures } from '../src/core/models/reward/candidates';
import { COMPLEMENT_RATIO_BOUND, preferenceShift } from '../src/core/models/reward/shift';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * What bounds a preference shift's complement ratio (docs/reward.md, "Preference shift"): on a
 * trained reward model, for every feature, the share of the target's chosen move that the
 * complement's chosen rewards take under each kind of edit — × v or + v on the TopK latent
 * (where the feature fires), × v or + v on the pre-activation z everywhere — the best any single
 * feature reaches, what each pick rule picks (chosen on the training pairs, measured on all and
 * on the held-out pairs), several-feature edits, and how many target responses still hold the
 * target's words in the text model's context at their last byte. Prints one JSON object.
 *   npm run bench -- reward-shift --model DIR [--target-match REGEX] [--context 128]
 */
export async function run(args: string[]): Promise<void> {
  const dir = option(args, 'model');
  if (!dir) throw new Error('--model DIR (a reward model folder, e.g. demo-reward.fstudio/models/hh-rlhf-demo) is required');
  const pattern = option(args, 'target-match') ?? HARM_DOMAIN.promptMatches;
  const context = Number(option(args, 'context') ?? 128);
  const a = await RewardAnalysis.open(path.resolve(dir));
  const { sae, w, pairs, split } = a.files;
  const { m, k } = sae;
  const z = await sarmPreActs(sae, a.files.states);
  const lat = phiFromPre(z, m, k, 'post');
  const row = (rows: Float32Array) => (p: number, s: 0 | 1) => rows.subarray((p * 2 + s) * m, (p * 2 + s + 1) * m);
  const L = row(lat);
  const Z = row(z);
  const phi = a.files.info.phi === 'post' ? L : Z;
  const re = new RegExp(pattern, 'i');
  // --visible-only: the target is only the pairs whose chosen answer's last `context` bytes still hold a target word
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const visible = (p: number) => {
    const bytes = enc.encode(`${pairs[p].prompt} ${pairs[p].chosen}`);
    return re.test(dec.decode(bytes.subarray(Math.max(0, bytes.length - context))));
  };
  const visibleOnly = args.includes('--visible-only');
  const inTarget = (p: number) => re.test(pairs[p].prompt) && (!visibleOnly || visible(p));
  // left out with --visible-only: target pairs whose chosen answer no longer holds a target word
  const included = (p: number) => !visibleOnly || !re.test(pairs[p].prompt) || visible(p);
  const all = pairs.map((_, i) => i).filter(included);
  const held = { train: split.train.filter(included), test: split.test.filter(included) };
  const T = all.filter(inTarget);
  // with --visible-only the complement stays the pairs whose prompt does not match
  const C = all.filter((p) => !re.test(pairs[p].prompt));

  // per-feature statistics over chosen responses: mean |value| and firing frequency
  const stats = (rows: (p: number, s: 0 | 1) => Float32Array, set: number[], side: 0 | 1) => {
    const abs = new Float64Array(m);
    const freq = new Float64Array(m);
    for (const p of set) {
      const r = rows(p, side);
      for (let i = 0; i < m; i++) {
        abs[i] += Math.abs(r[i]) / set.length;
        if (r[i] !== 0) freq[i] += 1 / set.length;
      }
    }
    return { abs, freq };
  };
  const lT = stats(L, T, 0);
  const lC = stats(L, C, 0);
  const zT = stats(Z, T, 0);
  const zC = stats(Z, C, 0);
  const ratioOf = (num: Float64Array, den: Float64Array) => Array.from(num, (x, i) => (den[i] > 0 ? x / den[i] : Infinity));
  const perEdit = {
    latentTimes: ratioOf(lC.abs, lT.abs),
    latentPlus: ratioOf(lC.freq, lT.freq),
    preTimes: ratioOf(zC.abs, zT.abs),
  };
  // a feature that fires on a handful of target answers is specific by accident: ask it to fire on ≥ 10% of them
  const covered = (i: number) => lT.freq[i] >= 0.1;
  const best = (r: number[], keep: (i: number) => boolean) => {
    let arg = -1;
    for (let i = 0; i < m; i++) if (keep(i) && (arg < 0 || r[i] < r[arg])) arg = i;
    return arg < 0 ? null : { feature: arg, ratio: r[arg], targetFrequency: lT.freq[arg], complementFrequency: lC.freq[arg], weight: w[arg] };
  };
  const bestSingle = Object.fromEntries(Object.entries(perEdit).map(([kind, r]) => [kind, { any: best(r, covered), positiveWeight: best(r, (i) => covered(i) && w[i] > 0) }]));
  const quantiles = (r: number[]) => {
    const v = r.filter((x, i) => Number.isFinite(x) && covered(i)).sort((x, y) => x - y);
    return { features: v.length, min: v[0], p10: v[Math.floor(v.length / 10)], median: v[Math.floor(v.length / 2)] };
  };

  // pick rules, chosen on the training pairs only; measured on all pairs and on the held-out ones
  const trainSet = new Set(split.train);
  const Ttr = T.filter((p) => trainSet.has(p));
  const Ctr = C.filter((p) => trainSet.has(p));
  const s = contrastScores(L, Ttr, m);
  const t = contrastScores(L, Ctr, m);
  const studio = pickShiftFeatures(s, t, chosenActivity(L, Ttr, m), chosenActivity(L, Ctr, m), w, 5).map((c) => c.feature);
  const previous = previousRule(L, Ttr, Ctr, s, t, w, m);
  const measure = (features: number[], op: '+' | '*', v: number, onTest = false) => {
    const edits = new Map(features.map((f) => [f, [op, v] as ['+' | '*', number]]));
    const idx = onTest ? held.test : all;
    const r = preferenceShift(w, (p, side) => phi(idx[p], side), idx.length, (p) => inTarget(idx[p]), edits, (p, side) => L(idx[p], side));
    const moved = idx.filter((p) => inTarget(p) && features.some((f) => L(p, 0)[f] !== 0)).length;
    return { complementRatio: r.complementRatio, targetChosenMoved: moved, target: r.target, complement: r.complement, flips: r.flips };
  };
  const rowsOf = (features: number[]) => ({
    features,
    top1: measure(features.slice(0, 1), '*', 2),
    top1HeldOut: measure(features.slice(0, 1), '*', 2, true),
    top1Plus: measure(features.slice(0, 1), '+', 1),
    top1PreTimes: features.length ? perEdit.preTimes[features[0]] : null,
    top3: measure(features.slice(0, 3), '*', 2),
    top5: measure(features, '*', 2),
  });
  const rules = { previous: rowsOf(previous), studio: rowsOf(studio) };

  // does the state at a response's last byte still see the prompt's target words?
  const seen = T.filter(visible).length;

  console.log(JSON.stringify({
    machine: benchMachine(1),
    model: dir,
    width: m,
    k,
    phi: a.files.info.phi,
    target: { pattern, visibleOnly, pairs: T.length, complementPairs: C.length },
    bound: COMPLEMENT_RATIO_BOUND,
    targetWordsInContext: { context, responses: T.length, seen, share: seen / T.length },
    singleFeatureRatio: Object.fromEntries(Object.entries(perEdit).map(([kind, r]) => [kind, quantiles(r)])),
    bestSingle,
    featuresUnderBound: Object.fromEntries(Object.entries(perEdit).map(([kind, r]) => [kind, r.filter((x, i) => covered(i) && x <= COMPLEMENT_RATIO_BOUND).length])),
    domainProbe: domainProbe(a.files.states, sae.d, held, inTarget),
    rules,
  }, null, 2));
}

/** The rule before: (s − |t|)·spec over both sides' mean |latent|, positive weight, best first. */
function previousRule(L: (p: number, s: 0 | 1) => Float32Array, on: number[], off: number[], s: Float64Array, t: Float64Array, w: Float32Array, m: number): number[] {
  const activity = (set: number[]) => {
    const a = new Float64Array(m);
    for (const p of set) for (const side of [0, 1] as const) L(p, side).forEach((x, i) => (a[i] += Math.abs(x) / (2 * set.length)));
    return a;
  };
  const aT = activity(on);
  const aC = activity(off);
  return Array.from({ length: m }, (_, i) => ({ i, spec: aT[i] + aC[i] > 0 ? (aT[i] - aC[i]) / (aT[i] + aC[i]) : 0 }))
    .map(({ i, spec }) => ({ i, spec, score: (s[i] - Math.abs(t[i])) * spec }))
    .filter(({ i, spec, score }) => s[i] > 0 && spec > 0 && score > 0 && w[i] > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map(({ i }) => i);
}

/**
 * How well the states themselves tell the target from the rest: a logistic probe on the chosen
 * answers' standardised states (training pairs, 400 full-batch Adam steps, L2 1e-3), its held-out
 * AUC, and the complement ratio of an ideal +v feature that fired exactly on the held-out chosen
 * answers the probe scores above the 90th percentile of the target's (so covering a tenth of it).
 */
export function domainProbe(states: Float32Array, d: number, split: { train: number[]; test: number[] }, inTarget: (p: number) => boolean) {
  const x = (p: number) => states.subarray(p * 2 * d, p * 2 * d + d);
  const wv = new Float64Array(d + 1);
  const m1 = new Float64Array(d + 1);
  const m2 = new Float64Array(d + 1);
  const pos = split.train.filter(inTarget).length;
  const weightOf = (y: number) => (y ? split.train.length / (2 * pos) : split.train.length / (2 * (split.train.length - pos)));
  const score = (p: number) => {
    let z = wv[d];
    const r = x(p);
    for (let j = 0; j < d; j++) z += wv[j] * r[j];
    return z;
  };
  for (let step = 1; step <= 400; step++) {
    const g = new Float64Array(d + 1);
    for (const p of split.train) {
      const y = inTarget(p) ? 1 : 0;
      const err = (1 / (1 + Math.exp(-score(p))) - y) * weightOf(y) / split.train.length;
      const r = x(p);
      for (let j = 0; j < d; j++) g[j] += err * r[j];
      g[d] += err;
    }
    for (let j = 0; j <= d; j++) {
      const gj = g[j] + (j < d ? 1e-3 * wv[j] : 0);
      m1[j] = 0.9 * m1[j] + 0.1 * gj;
      m2[j] = 0.999 * m2[j] + 0.001 * gj * gj;
      wv[j] -= (0.05 * (m1[j] / (1 - 0.9 ** step))) / (Math.sqrt(m2[j] / (1 - 0.999 ** step)) + 1e-8);
    }
  }
  const auc = (set: number[]) => {
    const on = set.filter(inTarget).map(score);
    const off = set.filter((p) => !inTarget(p)).map(score);
    let wins = 0;
    for (const a of on) for (const b of off) wins += a > b ? 1 : a === b ? 0.5 : 0;
    return wins / (on.length * off.length);
  };
  const tScores = split.test.filter(inTarget).map(score).sort((a, b) => a - b);
  const cScores = split.test.filter((p) => !inTarget(p)).map(score);
  const threshold = tScores[Math.floor(0.9 * tScores.length)];
  const tAbove = tScores.filter((v) => v >= threshold).length / tScores.length;
  const cAbove = cScores.filter((v) => v >= threshold).length / cScores.length;
  return { heldOutTarget: tScores.length, heldOutComplement: cScores.length, auc: auc(split.test), trainingAuc: auc(split.train), coverage: tAbove, complementFrequency: cAbove, idealPlusRatio: cAbove / tAbove };
}
