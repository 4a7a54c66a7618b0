/**
 * One feature explained and scored (issue 19): exemplars from the training sequences, SAGE's
 * loop over the proposed hypotheses, then the final explanation and the baseline explanation
 * scored the same way on held-out sequences (scores.ts).
 */
import { Rng } from '../io/rng';
import { activatingExamples, type Example, nonActivatingExamples, quantileExamples, sageHeldOut, sample, TOP_K } from './exemplars';
import { type AtomLanguage, evaluate, type Pred, predKey, render } from './hypothesis/tree';
import { propose, scorePred } from './propose';
import { MAX_ROUNDS } from './decide';
import { type Lab, runSage, type SageLog } from './sage';
import { detection, fuzzing, generativeScore, predictiveScore, tau as tauOf } from './scores';

/** Everything the explainer needs of a domain (boards or text) over the explored rows. */
export interface ExplainDomain<A> {
  kind: 'board' | 'text';
  rows: number;
  /** each row's sequence (game, text window); a sequence's rows are consecutive */
  seqOf: ArrayLike<number>;
  /** tokens per example window (delphi: 32 for text) */
  exampleLength: number;
  lang: AtomLanguage<A>;
  atomsFrom(exemplars: number[]): A[];
  lab: Lab<A>;
  /** readies the lab for a feature from its top exemplars (text: samples of the model continuing them) */
  prepare?(feature: number, exemplars: number[], seed: number): Promise<void>;
  /** more hypotheses from the top exemplars (the optional LLM back end, llm.ts) */
  propose?(exemplars: number[]): Promise<Pred<A>[]>;
}

export interface ExplanationScores {
  generative: number;
  predictive: number;
  /** balanced accuracy (delphi's "accuracy") and ROC-AUC */
  detection: number;
  detectionAuc: number;
  fuzzing: number;
  fuzzingAuc: number;
}

export interface FeatureResult<A> {
  feature: number;
  explanation: string;
  pred: Pred<A>;
  scores: ExplanationScores;
  baseline: { explanation: string; pred: Pred<A>; scores: ExplanationScores };
  tau: number;
  topExemplars: { row: number; activation: number }[];
  log: SageLog<A>;
}

/** Held-out examples per delphi quantile and non-activating ones (delphi's 50 test examples). */
const PER_QUANTILE = 5;
const NON_ACTIVATING = 50;
export const GENERATIVE_INPUTS = 10;
/** weight of "holds ⇒ reaches τ" beside the windows' Pearson r when the review ranks hypotheses */
const PRECISION_WEIGHT = 0.25;

/** Rows of even sequences propose and test; odd sequences are held out for the scores. */
export function splitRows(seqOf: ArrayLike<number>, rows: number): { train: number[]; held: number[] } {
  const train: number[] = [];
  const held: number[] = [];
  for (let r = 0; r < rows; r++) (seqOf[r] % 2 === 0 ? train : held).push(r);
  return { train, held };
}

/**
 * `onStep` reports how far the feature's explanation is (0–1): the SAGE rounds take the first
 * 70% (their count is at most MAX_ROUNDS), scoring the explanation and the baseline the rest.
 */
export async function explainFeature<A>(domain: ExplainDomain<A>, feature: number, acts: Float32Array, baseline: Pred<A>, seed: number, onStep?: (fraction: number) => void): Promise<FeatureResult<A>> {
  const { train, held } = splitRows(domain.seqOf, domain.rows);
  const top = activatingExamples(acts, domain.seqOf, train, domain.exampleLength).slice(0, TOP_K);
  const t = tauOf(top.map((e) => e.max));
  const firing = train.filter((r) => acts[r] > 0);
  const typical = firing.reduce((s, r) => s + acts[r], 0) / Math.max(1, firing.length);
  let globalMax = 0;
  for (const a of acts) if (a > globalMax) globalMax = a;
  const cache = new Map<string, Uint8Array>();
  const atoms = domain.atomsFrom(top.map((e) => e.center));
  const candidates = propose({ atoms, lang: domain.lang, acts, train, cache });
  const seen = new Set(candidates.map((c) => predKey(c.pred, domain.lang)));
  // the explorer's statistics are part of what the analysis reads: the baseline is a hypothesis too
  const extra = [baseline, ...((await domain.propose?.(top.map((e) => e.center))) ?? [])];
  for (const pred of extra) {
    if (seen.has(predKey(pred, domain.lang))) continue;
    seen.add(predKey(pred, domain.lang));
    candidates.splice(candidates.length - 1, 0, { pred, ...scorePred(pred, { lang: domain.lang, acts, train, cache }), control: false });
  }
  // the review judges hypotheses on the training sequences the way the scores will on held-out
  // ones: Pearson over activating windows (stratified) plus a quarter of the share of rows it holds on that reach τ
  const judgeRng = new Rng(seed + 4);
  const trainWindows = quantileExamples(activatingExamples(acts, domain.seqOf, train, domain.exampleLength), PER_QUANTILE, judgeRng);
  const judge = (pred: Pred<A>) => {
    const truth = evaluate(pred, domain.lang, cache);
    let [holds, reach] = [0, 0];
    for (const r of train) if (truth[r]) [holds, reach] = [holds + 1, reach + Number(acts[r] >= t)];
    return predictiveScore(trainWindows, acts, truth, typical, globalMax) + PRECISION_WEIGHT * (holds > 0 ? reach / holds : 0);
  };
  await domain.prepare?.(feature, top.map((e) => e.center), seed + 5);
  const log = await runSage({ feature, tau: t, candidates, lab: domain.lab, seed, atoms, lang: domain.lang, acts, train, cache, judge, onRound: (round) => onStep?.((0.7 * round) / MAX_ROUNDS) });
  onStep?.(0.7);
  const ranked = activatingExamples(acts, domain.seqOf, held, domain.exampleLength);
  const rng = new Rng(seed + 1);
  const scoring: Scoring<A> = {
    domain, feature, acts, tau: t, typical, globalMax, cache,
    predictive: sageHeldOut(ranked, rng),
    activating: quantileExamples(ranked, PER_QUANTILE, rng),
    nonActivating: nonActivatingExamples(acts, domain.seqOf, held, NON_ACTIVATING, domain.exampleLength, rng),
    seed,
  };
  const scores = await scoreExplanation(log.final.pred, scoring);
  onStep?.(0.85);
  return {
    feature,
    explanation: log.final.text,
    pred: log.final.pred,
    scores,
    baseline: { explanation: render(baseline, domain.lang), pred: baseline, scores: await scoreExplanation(baseline, scoring) },
    tau: t,
    topExemplars: top.map((e) => ({ row: e.center, activation: e.max })),
    log,
  };
}

interface Scoring<A> {
  domain: ExplainDomain<A>;
  feature: number;
  acts: Float32Array;
  tau: number;
  typical: number;
  globalMax: number;
  cache: Map<string, Uint8Array>;
  predictive: Example[];
  activating: Example[];
  nonActivating: Example[];
  seed: number;
}

/** The four scores of one explanation; explainer and baseline see the same examples and the same generator seed. */
async function scoreExplanation<A>(pred: Pred<A>, s: Scoring<A>): Promise<ExplanationScores> {
  const truth = evaluate(pred, s.domain.lang, s.cache);
  const generated = await s.domain.lab.run(s.feature, pred, true, GENERATIVE_INPUTS, new Rng(s.seed + 2));
  const pickRng = new Rng(s.seed + 3);
  const det = detection(s.activating, s.nonActivating, truth);
  const fuzz = fuzzing(s.activating, s.nonActivating, s.acts, truth, (rows, n) => sample(rows, n, pickRng));
  return {
    generative: generativeScore(generated.map((g) => g.activation), s.tau),
    predictive: predictiveScore(s.predictive, s.acts, truth, s.typical, s.globalMax),
    detection: det.balancedAccuracy,
    detectionAuc: det.auc,
    fuzzing: fuzz.balancedAccuracy,
    fuzzingAuc: fuzz.auc,
  };
}
