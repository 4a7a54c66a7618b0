import type { Evidence } from '../../../shared/schemas/corpus';
import type { Doc } from '../../text/nlp/analyse';
import { textFamilies } from '../../text/features/registry';
import type { TextFeature } from '../../text/features/types';

/**
 * The interpretable system's vector (ALGORITHMS-DETAIL §9): a Gram2Vec-style concatenation of
 * normalised relative frequencies, one block per family, every family at weight 1. The studio's
 * text-feature registry marks which of its families stand for which Gram2Vec family; the
 * dependency and morphology families are listed there as unavailable (wink-nlp has neither).
 */
export const GRAM2VEC_FAMILIES = textFamilies.filter((f) => f.gram2vec !== undefined);

/**
 * Per-100 rates become rates per character or word, so every entry is a relative frequency in
 * [0, 1] and no one feature outweighs a family in the cosine; a raw count has no place there.
 */
const SCALE: Readonly<Record<string, number>> = { 'punct.per-100-chars': 0.01, 'emoji.per-100-words': 0.01, 'emoji.count': 0 };

/** The vector's features, in order: every feature of the available Gram2Vec families (raw counts left out). */
export const GRAM2VEC_FEATURES: readonly TextFeature[] = GRAM2VEC_FAMILIES.filter((f) => !f.unavailable)
  .flatMap((f) => f.features)
  .filter((f) => SCALE[f.id] !== 0);

/** The Gram2Vec families the tagger cannot provide, with the reason. */
export const UNAVAILABLE_FAMILIES = GRAM2VEC_FAMILIES.filter((f) => f.unavailable).map((f) => ({ family: f.gram2vec!, reason: f.unavailable! }));

export const featureIds = (): string[] => GRAM2VEC_FEATURES.map((f) => f.id);

/** One text's vector. */
export function vectorise(doc: Doc): Float64Array {
  return Float64Array.from(GRAM2VEC_FEATURES, (f) => f.compute(doc) * (SCALE[f.id] ?? 1));
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** s_I = cos(v₁, v₂); 0 when either vector is zero (an empty text). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = norm(a) * norm(b);
  if (d === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s / d;
}

export interface Contribution {
  feature: string;
  family: string;
  a: number;
  b: number;
  /** aᵢbᵢ/(‖a‖‖b‖): the contributions sum to the cosine */
  value: number;
}

/** Per-feature contributions to the cosine, largest first; features absent from both texts left out. */
export function contributions(a: ArrayLike<number>, b: ArrayLike<number>, ids: readonly string[] = featureIds()): Contribution[] {
  const d = norm(a) * norm(b);
  const out: Contribution[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0 && b[i] === 0) continue;
    out.push({ feature: ids[i], family: ids[i].split('.')[0], a: a[i], b: b[i], value: d === 0 ? 0 : (a[i] * b[i]) / d });
  }
  return out.sort((x, y) => y.value - x.value);
}

/** The character spans behind one feature of the vector in a text. */
export function featureEvidence(doc: Doc, id: string, limit = 40): Evidence[] {
  const f = GRAM2VEC_FEATURES.find((x) => x.id === id);
  return f ? f.evidence(doc).slice(0, limit) : [];
}
