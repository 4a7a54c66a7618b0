/**
 * SAGE's UPDATE_HYPOTHESIS decision rules (ALGORITHMS-DETAIL §6.1, from the paper's prompts):
 * confirm or refute on ≥ 2 consistent tests, or on 1 positive test plus 1 negative control;
 * REFINED when the evidence is weak or moderate; UNCHANGED is forbidden once 2 or more tests exist.
 */
export type HypothesisStatus = 'PENDING' | 'UNCHANGED' | 'CONFIRMED' | 'REFUTED' | 'REFINED';
/** positive: inputs that satisfy the hypothesis (it predicts activation); negative: a control that violates it (predicts none) */
export type TestKind = 'positive' | 'negative';
export type Verdict = 'support' | 'contradict' | 'weak';

export interface TestOutcome {
  kind: TestKind;
  verdict: Verdict;
  /** share of the test's inputs whose activation reached τ */
  rate: number;
}

/** Thresholds on the share of inputs reaching τ: a positive test expects most, a negative control almost none. */
export const POSITIVE_SUPPORT = 0.5;
export const POSITIVE_CONTRADICT = 0.2;
export const NEGATIVE_SUPPORT = 0.1;
export const NEGATIVE_CONTRADICT = 0.4;

export function verdictOf(kind: TestKind, rate: number): Verdict {
  if (kind === 'positive') return rate >= POSITIVE_SUPPORT ? 'support' : rate < POSITIVE_CONTRADICT ? 'contradict' : 'weak';
  return rate <= NEGATIVE_SUPPORT ? 'support' : rate >= NEGATIVE_CONTRADICT ? 'contradict' : 'weak';
}

export function decide(tests: readonly TestOutcome[]): HypothesisStatus {
  if (tests.length === 0) return 'PENDING';
  const support = tests.filter((t) => t.verdict === 'support').length;
  const contradict = tests.filter((t) => t.verdict === 'contradict').length;
  if (tests.length === 1) return tests[0].verdict === 'weak' ? 'REFINED' : 'UNCHANGED';
  // ≥ 2 tests: consistent evidence decides (a positive and a negative control that both
  // support are two consistent tests); anything mixed or weak is REFINED, never UNCHANGED
  if (support >= 2 && contradict === 0 && tests.every((t) => t.verdict === 'support')) return 'CONFIRMED';
  if (contradict >= 2 && support === 0 && tests.every((t) => t.verdict === 'contradict')) return 'REFUTED';
  return 'REFINED';
}

/** What a REFINED hypothesis needs: narrower (its satisfying inputs fall short) or wider (its violating inputs fire). */
export function refinementOf(tests: readonly TestOutcome[]): 'and' | 'or' {
  const badPositive = tests.some((t) => t.kind === 'positive' && t.verdict !== 'support');
  return badPositive ? 'and' : 'or';
}

/** SAGE's stopping rule: forced at 14 rounds; from round 12 when nothing is pending and ≥ 8 tests ran. */
export const MAX_ROUNDS = 14;
export const MIN_CONCLUDE_ROUND = 12;
export const MIN_TESTS = 8;

export function shouldConclude(round: number, statuses: readonly HypothesisStatus[], tests: number): boolean {
  if (round >= MAX_ROUNDS) return true;
  return round >= MIN_CONCLUDE_ROUND && !statuses.includes('PENDING') && tests >= MIN_TESTS;
}
