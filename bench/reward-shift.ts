import path from 'node:path';
import { HARM_TARGET } from '../src/cli/demos/reward';
import { RewardAnalysis } from '../src/core/models/reward/analysis';
import { phiFromPre, sarmPreActs } from '../src/core/models/reward/sarm';
import { COMPLEMENT_RATIO_BOUND, contrastScores, domainActivity, pickShiftFeatures, preferenceShift, targetSpecificity } from '../src/core/models/reward/shift';
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
  const pattern = option(args, 'target-match') ?? ('promptMatches' in HARM_TARGET ? HARM_TARGET.promptMatches : '');
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
  const inTarget = (p: number) => re.test(pairs[p].prompt);
  const all = pairs.map((_, i) => i);
  const T = all.filter(inTarget);
  const C = all.filter((p) => !inTarget(p));

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

  // pick rules, chosen on the training pairs only
  const trainSet = new Set(split.train);
  const Ttr = T.filter((p) => trainSet.has(p));
  const Ctr = C.filter((p) => trainSet.has(p));
  const s = contrastScores(L, Ttr, m);
  const t = contrastScores(L, Ctr, m);
  const spec = targetSpecificity(domainActivity(L, Ttr, m), domainActivity(L, Ctr, m));
  const current = pickShiftFeatures(s, t, spec, w, 5).map((c) => c.feature);
  const trT = stats(L, Ttr, 0);
  const trC = stats(L, Ctr, 0);
  const trRatio = ratioOf(trC.abs, trT.abs);
  const rarest = Array.from({ length: m }, (_, i) => i)
    .filter((i) => w[i] > 0 && s[i] > 0 && trT.freq[i] >= 0.1 && Number.isFinite(trRatio[i]))
    .sort((x, y) => trRatio[x] - trRatio[y])
    .slice(0, 5);
  const testSet = new Set(split.test);
  const measure = (features: number[], op: '+' | '*', v: number, onTest = false) => {
    const edits = new Map(features.map((f) => [f, [op, v] as ['+' | '*', number]]));
    const idx = onTest ? split.test : all;
    const r = preferenceShift(w, (p, side) => phi(idx[p], side), idx.length, (p) => inTarget(idx[p]), edits, (p, side) => L(idx[p], side));
    return { complementRatio: r.complementRatio, target: r.target, complement: r.complement, flips: r.flips };
  };
  const rules = {
    current: { features: current, top1: measure(current.slice(0, 1), '*', 2), top1HeldOut: measure(current.slice(0, 1), '*', 2, true), top3: measure(current.slice(0, 3), '*', 2), top5: measure(current, '*', 2) },
    rarestOnComplement: { features: rarest, top1: measure(rarest.slice(0, 1), '*', 2), top1HeldOut: measure(rarest.slice(0, 1), '*', 2, true), top1Plus: measure(rarest.slice(0, 1), '+', 1), top3: measure(rarest.slice(0, 3), '*', 2), top5: measure(rarest, '*', 2) },
  };
  void testSet;

  // does the state at a response's last byte still see the prompt's target words?
  const enc = new TextEncoder();
  const seen = T.map((p) => {
    const bytes = enc.encode(`${pairs[p].prompt} ${pairs[p].chosen}`);
    return re.test(new TextDecoder().decode(bytes.subarray(Math.max(0, bytes.length - context))));
  }).filter(Boolean).length;

  console.log(JSON.stringify({
    machine: benchMachine(1),
    model: dir,
    width: m,
    k,
    phi: a.files.info.phi,
    target: { pattern, pairs: T.length, complementPairs: C.length },
    bound: COMPLEMENT_RATIO_BOUND,
    targetWordsInContext: { context, responses: T.length, seen, share: seen / T.length },
    singleFeatureRatio: Object.fromEntries(Object.entries(perEdit).map(([kind, r]) => [kind, quantiles(r)])),
    bestSingle,
    featuresUnderBound: Object.fromEntries(Object.entries(perEdit).map(([kind, r]) => [kind, r.filter((x, i) => covered(i) && x <= COMPLEMENT_RATIO_BOUND).length])),
    rules,
  }, null, 2));
}
