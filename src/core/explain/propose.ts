/**
 * SAGE's ANALYZE_EXEMPLARS without an LLM: every atom the top exemplars support is scored by how
 * well its truth follows the feature's activation on the training rows (Pearson r, the quantity
 * predictive accuracy measures), the best are kept, conjunctions refine the best one and a
 * disjunction joins a second concept; an atom that tells nothing is the negative control.
 */
import { type AtomLanguage, and, atom, atomsOf, evaluate, or, type Pred, predKey } from './hypothesis/tree';
import { pearson } from './scores';

export interface Candidate<A> {
  pred: Pred<A>;
  /** Pearson r of truth against activation on the training rows */
  r: number;
  /** share of the training rows it holds on */
  support: number;
  control: boolean;
}

export interface ProposeInput<A> {
  atoms: readonly A[];
  lang: AtomLanguage<A>;
  acts: Float32Array;
  train: readonly number[];
  /** hypotheses besides the control (SAGE asks for at least 4 including the control) */
  keep?: number;
  cache?: Map<string, Uint8Array>;
}

export function scorePred<A>(pred: Pred<A>, input: Pick<ProposeInput<A>, 'lang' | 'acts' | 'train' | 'cache'>): { r: number; support: number } {
  const t = evaluate(pred, input.lang, input.cache);
  const x = input.train.map((i) => t[i]);
  const y = input.train.map((i) => input.acts[i]);
  return { r: pearson(x, y), support: x.reduce((a, b) => a + b, 0) / Math.max(1, x.length) };
}

export function propose<A>(input: ProposeInput<A>): Candidate<A>[] {
  const keep = input.keep ?? 4;
  const cache = (input.cache ??= new Map());
  const scored = input.atoms.map((a) => ({ pred: atom(a), ...scorePred(atom(a), { ...input, cache }), control: false }));
  const useful = scored.filter((c) => c.support > 0 && c.support < 1).sort((a, b) => b.r - a.r);
  const seen = new Set<string>();
  const out: Candidate<A>[] = [];
  const add = (c: Candidate<A>) => {
    const k = predKey(c.pred, input.lang);
    if (seen.has(k)) return false;
    seen.add(k);
    out.push(c);
    return true;
  };
  const top = useful.slice(0, 8);
  for (const c of top.slice(0, keep)) add(c);
  // refine the best by a conjunction (too broad) and join a second concept by a disjunction
  if (top.length > 0) {
    const best = top[0];
    const bestAnd = refine(best.pred, 'and', input);
    if (bestAnd && bestAnd.r > best.r) {
      add(bestAnd);
      const bestTriple = refine(bestAnd.pred, 'and', input);
      if (bestTriple && bestTriple.r > bestAnd.r + 0.01) add(bestTriple);
    }
    const bestOr = refine(best.pred, 'or', input);
    if (bestOr && bestOr.r > best.r + 0.01) add(bestOr);
  }
  // the negative control: an atom that holds about as often but does not follow the feature
  const control = useful.filter((c) => c.support > 0.05 && c.support < 0.95).sort((a, b) => Math.abs(a.r) - Math.abs(b.r))[0] ?? scored.sort((a, b) => Math.abs(a.r) - Math.abs(b.r))[0];
  if (control) add({ ...control, control: true });
  return out.sort((a, b) => Number(a.control) - Number(b.control) || b.r - a.r);
}

/** The best refinement of `pred` among the atoms: AND (too broad) or OR (too narrow), by r on the training rows. */
export function refine<A>(pred: Pred<A>, how: 'and' | 'or', input: ProposeInput<A>): Candidate<A> | null {
  const cache = (input.cache ??= new Map());
  const base = predKey(pred, input.lang);
  const named = new Set(atomsOf(pred).map((a) => input.lang.key(a)));
  const options = input.atoms
    .filter((a) => !named.has(input.lang.key(a)))
    .map((a) => (how === 'and' ? and(pred, atom(a)) : or(pred, atom(a))))
    .filter((p) => predKey(p, input.lang) !== base)
    .map((p) => ({ pred: p, ...scorePred(p, { ...input, cache }), control: false }))
    .filter((c) => c.support > 0 && c.support < 1)
    .sort((a, b) => b.r - a.r);
  return options[0] ?? null;
}
