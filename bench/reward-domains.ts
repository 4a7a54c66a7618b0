import path from 'node:path';
import { RewardAnalysis } from '../src/core/models/reward/analysis';
import { MIN_TARGET_COVERAGE } from '../src/core/models/reward/candidates';
import { bestOnTraining, SCAN_EDIT, scanDomain, scanTarget, type DomainScanRow, type ScanInput } from '../src/core/models/reward/domain-scan';
import { Rng } from '../src/core/io/rng';
import { HARM_DOMAIN, MIN_DOMAIN_PAIRS, TOPIC_DOMAINS } from '../src/shared/rewardDomains';
import { COMPLEMENT_RATIO_BOUND } from '../src/core/models/reward/shift';
import { benchMachine } from './support/machine';
import { option } from './support/options';
import { domainProbe } from './reward-shift';

/*
 * Does a preference shift leave the complement nearly unchanged on domains the text model can
 * see? For the harmful-request domain and each a-priori topic domain (domains.ts), the studio's
 * pick rule picks on the training pairs, and the edit × 2 is measured on the training pairs, all
 * pairs and the held-out pairs (domain-scan.ts). Two measures of whether the model sees a
 * domain at all: a random control — as many pairs drawn at random, picked and measured the same
 * way (CONTROLS draws) — and a logistic probe's held-out AUC on the chosen answers' states
 * (reward-shift.ts). And the share of the domain's chosen answers whose last `context` bytes (what
 * the built-in text model reads at the last byte) still hold a domain word, with the scan re-run
 * on those pairs alone as the target (the rest of the domain left out, the complement unchanged).
 * Prints one JSON object.
 *   npm run bench -- reward-domains --model DIR [--context 128]
 */
export async function run(args: string[]): Promise<void> {
  const dir = option(args, 'model');
  if (!dir) throw new Error('--model DIR (a reward model folder, e.g. demo-reward.fstudio/models/hh-rlhf-demo) is required');
  const context = Number(option(args, 'context') ?? 128);
  const started = performance.now();
  const a = await RewardAnalysis.open(path.resolve(dir));
  const { w, pairs, split, sae } = a.files;
  const input = { w, m: sae.m, prompts: pairs.map((p) => p.prompt), split, phi: (p: number, s: 0 | 1) => a.phi(p, s), latent: (p: number, s: 0 | 1) => a.latent(p, s) };
  const rows = [HARM_DOMAIN, ...TOPIC_DOMAINS].map((d) => {
    const row = scanDomain(input, d);
    if (row.skipped) return row;
    const re = new RegExp(d.promptMatches, 'i');
    const probe = domainProbe(a.files.states, sae.d, split, (p) => re.test(pairs[p].prompt));
    return { ...row, control: randomControl(input, row), probeAuc: probe.auc, probeTrainingAuc: probe.trainingAuc, inWindow: inWindow(input, re, a.files.pairs.map((p) => `${p.prompt} ${p.chosen}`), context) };
  });
  const best = bestOnTraining(rows.filter((r) => r.id !== HARM_DOMAIN.id));
  console.log(JSON.stringify({
    machine: benchMachine(1),
    model: dir,
    width: sae.m,
    k: sae.k,
    pairs: pairs.length,
    heldOutPairs: split.test.length,
    edit: SCAN_EDIT,
    bound: COMPLEMENT_RATIO_BOUND,
    minDomainPairs: MIN_DOMAIN_PAIRS,
    minCoverage: MIN_TARGET_COVERAGE,
    seconds: (performance.now() - started) / 1000,
    holdHeldOut: rows.filter((r) => r.holdsHeldOut).map((r) => r.id),
    bestOnTraining: best && { id: best.id, trainRatio: best.train!.complementRatio, heldOutRatio: best.heldOut!.complementRatio, holdsHeldOut: best.holdsHeldOut },
    domains: rows,
  }, null, 2));
}

const CONTROLS = 10;

/**
 * As many target pairs as the domain, drawn at random (seeded): what the pick reaches on a
 * "domain" no model can see. A domain the model sees should do clearly better than its controls.
 */
function randomControl(input: ScanInput, row: DomainScanRow) {
  const rng = new Rng(7);
  const P = input.prompts.length;
  const draws = Array.from({ length: CONTROLS }, () => {
    const chosen = new Set<number>();
    while (chosen.size < row.pairs) chosen.add(rng.int(P));
    return scanTarget(input, (p) => chosen.has(p));
  });
  const median = (v: (number | null | undefined)[]) => {
    const x = v.filter((y): y is number => y != null).sort((a, b) => a - b);
    return x.length ? x[Math.floor(x.length / 2)] : null;
  };
  const train = row.train?.complementRatio ?? Infinity;
  return {
    draws: CONTROLS,
    trainRatioMedian: median(draws.map((d) => d.train?.complementRatio)),
    heldOutRatioMedian: median(draws.map((d) => d.heldOut?.complementRatio)),
    /** share of the draws whose training ratio is at most the domain's */
    asGoodOnTraining: draws.filter((d) => (d.train?.complementRatio ?? Infinity) <= train).length / CONTROLS,
    holdHeldOut: draws.filter((d) => d.holdsHeldOut).length,
  };
}

/** The domain's pairs whose chosen answer's window still holds one of its words, and the scan with only those as the target. */
function inWindow(input: ScanInput, re: RegExp, texts: string[], context: number) {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const seen = (p: number) => {
    const bytes = enc.encode(texts[p]);
    return re.test(dec.decode(bytes.subarray(Math.max(0, bytes.length - context))));
  };
  const target = input.prompts.map((_, p) => p).filter((p) => re.test(input.prompts[p]));
  const visible = new Set(target.filter(seen));
  const keep = input.prompts.map((_, p) => p).filter((p) => !re.test(input.prompts[p]) || visible.has(p));
  const at = new Map(keep.map((p, i) => [p, i]));
  const remap = (set: readonly number[]) => set.filter((p) => at.has(p)).map((p) => at.get(p)!);
  const sub: ScanInput = {
    ...input,
    prompts: keep.map((p) => input.prompts[p]),
    split: { train: remap(input.split.train), test: remap(input.split.test) },
    phi: (i, s) => input.phi(keep[i], s),
    latent: (i, s) => input.latent(keep[i], s),
  };
  const pairs = visible.size;
  return { context, pairs, share: pairs / target.length, ...(pairs >= MIN_DOMAIN_PAIRS ? scanTarget(sub, (i) => visible.has(keep[i])) : { skipped: `${pairs} pairs, fewer than ${MIN_DOMAIN_PAIRS}` }) };
}
