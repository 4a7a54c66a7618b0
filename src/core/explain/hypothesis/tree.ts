/**
 * A hypothesis is a predicate over one input position (a board position, a token): atoms of a
 * domain language joined by AND / OR / NOT (SAGE's explanations made testable without an LLM,
 * ALGORITHMS-DETAIL §6 "Offline implementation needs"). The tree is data: it renders as an
 * English sentence and evaluates as 0/1 per row through the domain's atom evaluator.
 */
export type Pred<A> = { op: 'atom'; atom: A } | { op: 'and'; parts: Pred<A>[] } | { op: 'or'; parts: Pred<A>[] } | { op: 'not'; part: Pred<A> };

/** What a domain supplies: an atom's truth on every row, its words, and a stable key. */
export interface AtomLanguage<A> {
  truth(atom: A): Uint8Array;
  render(atom: A): string;
  key(atom: A): string;
}

export const atom = <A>(a: A): Pred<A> => ({ op: 'atom', atom: a });
/** AND / OR of parts, nested ones of the same operator flattened: and(and(a, b), c) = a AND b AND c. */
export const and = <A>(...parts: Pred<A>[]): Pred<A> => join('and', parts);
export const or = <A>(...parts: Pred<A>[]): Pred<A> => join('or', parts);

function join<A>(op: 'and' | 'or', parts: Pred<A>[]): Pred<A> {
  const flat = parts.flatMap((p) => (p.op === op ? p.parts : [p]));
  return flat.length === 1 ? flat[0] : { op, parts: flat };
}
export const not = <A>(part: Pred<A>): Pred<A> => ({ op: 'not', part });

/** The predicate's truth on every row (atoms' truths are cached by the language's key). */
export function evaluate<A>(pred: Pred<A>, lang: AtomLanguage<A>, cache = new Map<string, Uint8Array>()): Uint8Array {
  switch (pred.op) {
    case 'atom': {
      const k = lang.key(pred.atom);
      let t = cache.get(k);
      if (!t) cache.set(k, (t = lang.truth(pred.atom)));
      return t;
    }
    case 'not':
      return evaluate(pred.part, lang, cache).map((v) => 1 - v);
    case 'and':
    case 'or': {
      const parts = pred.parts.map((p) => evaluate(p, lang, cache));
      const out = Uint8Array.from(parts[0]);
      for (const p of parts.slice(1)) for (let i = 0; i < out.length; i++) out[i] = pred.op === 'and' ? out[i] & p[i] : out[i] | p[i];
      return out;
    }
  }
}

/** The explanation's sentence: "a8 is empty AND the move was on row 1". */
export function render<A>(pred: Pred<A>, lang: Pick<AtomLanguage<A>, 'render'>, nested = false): string {
  switch (pred.op) {
    case 'atom':
      return lang.render(pred.atom);
    case 'not':
      return `NOT (${render(pred.part, lang, true)})`;
    case 'and':
    case 'or': {
      const s = pred.parts.map((p) => render(p, lang, true)).join(pred.op === 'and' ? ' AND ' : ' OR ');
      return nested ? `(${s})` : s;
    }
  }
}

/** A canonical key (parts sorted), so the same hypothesis proposed twice is one hypothesis. */
export function predKey<A>(pred: Pred<A>, lang: Pick<AtomLanguage<A>, 'key'>): string {
  switch (pred.op) {
    case 'atom':
      return lang.key(pred.atom);
    case 'not':
      return `not(${predKey(pred.part, lang)})`;
    default:
      return `${pred.op}(${pred.parts.map((p) => predKey(p, lang)).sort().join(',')})`;
  }
}

/** The atoms a predicate names, in order. */
export function atomsOf<A>(pred: Pred<A>): A[] {
  if (pred.op === 'atom') return [pred.atom];
  if (pred.op === 'not') return atomsOf(pred.part);
  return pred.parts.flatMap(atomsOf);
}
