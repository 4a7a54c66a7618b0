import type { Evidence } from '../../../shared/schemas/corpus';
import type { Doc } from '../nlp/analyse';

export type { Evidence };

/** One interpretable text feature: a number per text, and the character spans behind it. */
export interface TextFeature {
  /** `<family>.<name>`, stable: stored in models and reports */
  id: string;
  family: string;
  description: string;
  compute(doc: Doc): number;
  evidence(doc: Doc): Evidence[];
}

export interface TextFamily {
  id: string;
  title: string;
  description: string;
  /** the Gram2Vec family (ALGORITHMS-DETAIL §9) this one stands for */
  gram2vec?: string;
  /** why the family has no features here (the tagger lacks what it needs) */
  unavailable?: string;
  features: TextFeature[];
}

const memos = new WeakMap<Doc, Map<string, unknown>>();

/** Computes `make(doc)` once per doc and key: the features of a family share one pass over the tokens. */
export function memo<T>(doc: Doc, key: string, make: (doc: Doc) => T): T {
  let cache = memos.get(doc);
  if (!cache) memos.set(doc, (cache = new Map()));
  if (!cache.has(key)) cache.set(key, make(doc));
  return cache.get(key) as T;
}

/** count / of, or 0 for an empty denominator (an empty text has no rates). */
export const ratio = (count: number, of: number): number => (of > 0 ? count / of : 0);

/** Occurrences per 100 words: the unit of the marker families (hedges, negations, …). */
export const per100 = (count: number, words: number): number => ratio(100 * count, words);

/** Evidence from spans that all carry the same note. */
export const spans = (items: readonly { start: number; end: number }[], note: string | ((i: number) => string)): Evidence[] =>
  items.map((s, i) => ({ start: s.start, end: s.end, note: typeof note === 'string' ? note : note(i) }));

/** Defines a feature without repeating the family id in every entry. */
export function feature(family: string, name: string, description: string, compute: (doc: Doc) => number, evidence: (doc: Doc) => Evidence[]): TextFeature {
  return { id: `${family}.${name}`, family, description, compute, evidence };
}
