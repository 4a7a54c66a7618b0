import { averageRanks, spearman } from '../common/rank-metrics';
import type { Doc } from '../../text/nlp/analyse';
import type { Expr, FeatureDef } from './language';
import { valueOf } from './language';
import type { Column, SplitRows } from './pool';
import { applyScale, fitScale } from './select';

/**
 * A signed lexicon mined from the whole training split: the words whose reviews rank higher on
 * the target, minus the words whose reviews rank lower, per 100 words. It is the contrastive
 * n-gram mining of the templates turned into one declarative feature with its terms listed
 * (every hit is an evidence span marked + or −), and the interpretable counterpart of the
 * bag-of-words baseline, which reads the same training reviews.
 *
 * Mined on train, its training values would be fitted on the rows that chose its words, so it
 * is cross-fitted: each training review's value comes from a lexicon mined on the other
 * product-grouped folds, and the size (terms per side) is the one whose out-of-fold ρ on train
 * is best. Validation and test reviews read the lexicon mined on all of train.
 */
export const LEXICON_SIZES = [10, 25, 50] as const;
/** a term must appear in this many training reviews, and in reviews of this many products (product names do not carry to unseen products) */
export const LEXICON_MIN_REVIEWS = 5;
export const LEXICON_MIN_PRODUCTS = 5;
/** terms in more than this share of reviews (the, and, it) say nothing by their presence */
const MAX_SHARE = 0.5;

export interface Lexicon {
  plus: string[];
  minus: string[];
}

const wordsOf = (d: Doc) => new Set(d.tokens.filter((t) => t.type === 'word' && /^[a-z][a-z'-]*$/.test(t.lower)).map((t) => t.lower));

/**
 * Scores each term by how far the target ranks of the reviews holding it sit from the middle
 * (a rank-sum z: Mann–Whitney's statistic standardised), and keeps the `size` most positive and
 * most negative among the terms spread over enough reviews and products.
 */
export function mineLexicon(terms: readonly Set<string>[], y: ArrayLike<number>, groups: readonly string[], size: number, minReviews = LEXICON_MIN_REVIEWS, minProducts = LEXICON_MIN_PRODUCTS): Lexicon {
  const n = terms.length;
  const rank = averageRanks(y);
  const mid = (n + 1) / 2;
  const sd = Math.sqrt((n * n - 1) / 12);
  const holders = new Map<string, number[]>();
  terms.forEach((set, i) => {
    for (const w of set) {
      const h = holders.get(w);
      if (h) h.push(i);
      else holders.set(w, [i]);
    }
  });
  const scored: { w: string; z: number }[] = [];
  for (const [w, idx] of holders) {
    if (idx.length < minReviews || idx.length > MAX_SHARE * n) continue;
    if (new Set(idx.map((i) => groups[i])).size < minProducts) continue;
    const mean = idx.reduce((s, i) => s + rank[i], 0) / idx.length;
    scored.push({ w, z: ((mean - mid) / sd) * Math.sqrt((idx.length * (n - idx.length)) / Math.max(1, n - 1)) });
  }
  scored.sort((a, b) => b.z - a.z || (a.w < b.w ? -1 : 1));
  const plus = scored.filter((s) => s.z > 0).slice(0, size).map((s) => s.w);
  const minus = scored.filter((s) => s.z < 0).reverse().slice(0, size).map((s) => s.w);
  return { plus, minus };
}

export function lexiconExpr(lex: Lexicon): Expr {
  return { difference: [{ rate: { words: lex.plus }, per: 'words' }, { rate: { words: lex.minus }, per: 'words' }] };
}

export function lexiconDef(lex: Lexicon, size: number): FeatureDef {
  const few = (xs: string[]) => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ', …' : ''}`;
  return {
    name: `lexicon:helpful-${size}`,
    description: `words typical of helpful reviews (${few(lex.plus)}) minus words typical of unhelpful ones (${few(lex.minus)}), per 100 words`,
    value: lexiconExpr(lex),
  };
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * One cross-fitted lexicon column per size (`fold[i]`: the product-grouped fold of train row i);
 * the caller keeps the best by out-of-fold ρ on train.
 */
export function lexiconColumns(docs: readonly Doc[], target: Float64Array, groups: readonly string[], rows: SplitRows, fold: ArrayLike<number>, round: number): Column[] {
  const terms = rows.train.map((r) => wordsOf(docs[r]));
  const y = Float64Array.from(rows.train, (r) => target[r]);
  const g = rows.train.map((r) => groups[r]);
  const k = Math.max(...Array.from(fold)) + 1;
  const at = (v: Float64Array, idx: readonly number[]) => Float64Array.from(idx, (r) => v[r]);
  return LEXICON_SIZES.map((size) => {
    const oof = new Float64Array(rows.train.length);
    for (let f = 0; f < k; f++) {
      const fit = rows.train.map((_, i) => i).filter((i) => fold[i] !== f);
      const lex = mineLexicon(fit.map((i) => terms[i]), at(y, fit), fit.map((i) => g[i]), size);
      const e = lexiconExpr(lex);
      rows.train.forEach((r, i) => {
        if (fold[i] === f) oof[i] = valueOf(docs[r], e);
      });
    }
    const lex = mineLexicon(terms, y, g, size);
    const def = lexiconDef(lex, size);
    const scale = fitScale(oof);
    const valid = applyScale(Float64Array.from(rows.valid, (r) => valueOf(docs[r], def.value)), scale);
    const train = applyScale(oof, scale);
    return {
      hyp: {
        name: def.name,
        description: def.description,
        definition: def.value,
        source: 'lexicon',
        round,
        why: `${lex.plus.length} + ${lex.minus.length} words whose training reviews rank highest and lowest on the target (rank-sum z; in ≥ ${LEXICON_MIN_REVIEWS} reviews of ≥ ${LEXICON_MIN_PRODUCTS} products); ρ train is out-of-fold (each fold's lexicon mined without its products)`,
        rhoTrain: orNull(spearman(train, y)),
        rhoValid: orNull(spearman(valid, at(target, rows.valid))),
        status: 'dropped',
        reason: '',
      },
      scale,
      train,
      valid,
      test: applyScale(Float64Array.from(rows.test, (r) => valueOf(docs[r], def.value)), scale),
    };
  });
}
