/**
 * SAGE's experiment loop as a state machine (ALGORITHMS-DETAIL §6.1): INIT → GET_EXEMPLARS →
 * ANALYZE_EXEMPLARS (≥ 4 hypotheses with a negative control, propose.ts) → per round one
 * hypothesis is tested (DESIGN_TEST → RUN_TEST → ANALYZE_RESULT → UPDATE_HYPOTHESIS, decide.ts),
 * untested hypotheses first, then the one with the fewest tests → REVIEW_ALL_HYPOTHESES →
 * FINAL_CONCLUSION, joining the confirmed concepts with OR. Tests run in a Lab: new inputs that
 * satisfy or violate the hypothesis, run through the real model and SAE.
 */
import { Rng } from '../io/rng';
import { decide, type HypothesisStatus, refinementOf, shouldConclude, type TestKind, type TestOutcome, verdictOf } from './decide';
import { type AtomLanguage, or, type Pred, predKey, render } from './hypothesis/tree';
import { type Candidate, type ProposeInput, refine, scorePred } from './propose';

/** One input a test ran: what the log and the feature page show (a board or highlighted tokens). */
export interface LabInput {
  /** Othello: the move list up to the position; text: the tokens */
  label: string;
  activation: number;
  /** where a text input came from when not a held-out document: "minimal edit", "model sample" */
  source?: string;
  detail?: unknown;
}

export interface Lab<A> {
  /** Designs and runs a test: `n` new inputs on which `pred` holds (`want` true) or fails, with their activations. */
  run(feature: number, pred: Pred<A>, want: boolean, n: number, rng: Rng): Promise<LabInput[]>;
}

export interface TestRecord {
  round: number;
  kind: TestKind;
  expected: string;
  inputs: LabInput[];
  rate: number;
  verdict: TestOutcome['verdict'];
  statusAfter: HypothesisStatus;
}

export interface HypothesisLog<A> {
  id: number;
  text: string;
  pred: Pred<A>;
  control: boolean;
  /** Pearson r on the training rows when proposed */
  r: number;
  status: HypothesisStatus;
  tests: TestRecord[];
  /** earlier versions this one was refined from */
  history: { text: string; status: HypothesisStatus; tests: number }[];
}

export interface SageLog<A> {
  feature: number;
  tau: number;
  states: string[];
  rounds: number;
  hypotheses: HypothesisLog<A>[];
  final: { text: string; pred: Pred<A>; from: number[] };
}

export const TEST_INPUTS = 8;
const MAX_REFINEMENTS = 2;

export interface SageInput<A> extends ProposeInput<A> {
  feature: number;
  tau: number;
  candidates: Candidate<A>[];
  lab: Lab<A>;
  seed: number;
  /** how the review ranks hypotheses for the conclusion (default: r on the training rows) */
  judge?: (pred: Pred<A>) => number;
  /** after each round (one test), for progress: at most MAX_ROUNDS rounds run */
  onRound?: (round: number) => void;
}

export async function runSage<A>(input: SageInput<A>): Promise<SageLog<A>> {
  const { lang, lab, tau } = input;
  const rng = new Rng(input.seed);
  const states = ['INIT', 'GET_EXEMPLARS', 'ANALYZE_EXEMPLARS'];
  const hyps: (HypothesisLog<A> & { current: TestOutcome[]; refinements: number })[] = input.candidates.map((c, id) => ({
    id, text: render(c.pred, lang), pred: c.pred, control: c.control, r: c.r, status: 'PENDING', tests: [], history: [], current: [], refinements: 0,
  }));
  let round = 0;
  let tests = 0;
  const open = (h: (typeof hyps)[number]) => h.status === 'PENDING' || h.status === 'UNCHANGED' || (h.status === 'REFINED' && h.current.length < 2);
  while (hyps.length > 0 && !shouldConclude(round, hyps.map((h) => h.status), tests)) {
    round++;
    // untested first, then the fewest tests; once everything is decided, replicate the least tested
    const pool = hyps.some(open) ? hyps.filter(open) : hyps;
    const h = pool.reduce((a, b) => (b.current.length < a.current.length ? b : a));
    const kind: TestKind = h.current.length % 2 === 0 ? 'positive' : 'negative';
    states.push(`DESIGN_TEST h${h.id}`, 'RUN_TEST', 'ANALYZE_RESULT', 'UPDATE_HYPOTHESIS');
    const inputs = await lab.run(input.feature, h.pred, kind === 'positive', TEST_INPUTS, rng);
    tests++;
    const rate = inputs.length === 0 ? 0 : inputs.filter((x) => x.activation >= tau).length / inputs.length;
    // a test with no inputs (nothing satisfies it) is evidence against a positive claim
    const verdict = inputs.length === 0 ? (kind === 'positive' ? 'contradict' : 'weak') : verdictOf(kind, rate);
    h.current.push({ kind, verdict, rate });
    h.status = decide(h.current);
    h.tests.push({ round, kind, expected: kind === 'positive' ? `activation ≥ τ = ${tau.toFixed(3)} on inputs where it holds` : 'activation < τ on inputs where it fails', inputs, rate, verdict, statusAfter: h.status });
    input.onRound?.(round);
    if (h.status === 'REFINED' && h.current.length >= 2 && h.refinements < MAX_REFINEMENTS && !h.control) {
      const better = refine(h.pred, refinementOf(h.current), input);
      if (better && predKey(better.pred, lang) !== predKey(h.pred, lang)) {
        h.history.push({ text: h.text, status: 'REFINED', tests: h.current.length });
        Object.assign(h, { pred: better.pred, text: render(better.pred, lang), r: better.r, current: [], refinements: h.refinements + 1 });
      }
    }
  }
  states.push('REVIEW_ALL_HYPOTHESES', 'FINAL_CONCLUSION');
  const final = conclude(hyps, input);
  return {
    feature: input.feature,
    tau,
    states,
    rounds: round,
    hypotheses: hyps.map(({ current: _c, refinements: _r, ...h }) => h),
    final,
  };
}

/**
 * The final explanation: the confirmed hypotheses (the control aside) ranked by the judge, the best
 * one alone or OR-joined with a second concept when that explains more; without a confirmed
 * one, the best refined or unchanged hypothesis (SAGE always concludes).
 */
function conclude<A>(hyps: HypothesisLog<A>[], input: SageInput<A>): SageLog<A>['final'] {
  const real = hyps.filter((h) => !h.control);
  const judge = input.judge ?? ((p: Pred<A>) => scorePred(p, input).r);
  const worth = new Map(hyps.map((h) => [h.id, judge(h.pred)]));
  const ranked = (list: HypothesisLog<A>[]) => [...list].sort((a, b) => worth.get(b.id)! - worth.get(a.id)!);
  const confirmed = ranked(real.filter((h) => h.status === 'CONFIRMED'));
  const pick = confirmed.length > 0 ? confirmed : ranked(real.filter((h) => h.status !== 'REFUTED'));
  const chosen = pick[0] ?? ranked(real)[0] ?? ranked(hyps)[0];
  let pred: Pred<A> = chosen.pred;
  const from = [chosen.id];
  for (const other of confirmed.slice(1)) {
    const joined = or(pred, other.pred);
    if (judge(joined) > judge(pred) + 0.02) {
      pred = joined;
      from.push(other.id);
      break;
    }
  }
  return { text: render(pred, input.lang as AtomLanguage<A>), pred, from };
}
