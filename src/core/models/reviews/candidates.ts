import { Rng } from '../../io/rng';
import type { Doc } from '../../text/nlp/analyse';
import { SUMMARY_FEATURES, textFeatures } from '../../text/features/registry';
import { ENTITY_TYPES, matches, POS_TAGS, type FeatureDef } from './language';

/**
 * Where hypotheses come from without a language model (issue 17): the registry's families, and
 * templates whose parameters are read from the data — the n-grams, POS tags, entity types and
 * pattern families that separate two small sets of reviews. AutoQual asks an LLM to contrast
 * 20 high- and 20 low-score texts; here the contrast is counted. Reflection reuses the same
 * contrast on the reviews the current model mis-ranks worst.
 */
export type Source = 'registry' | 'template' | 'lexicon' | 'reflection' | 'memory' | 'llm' | 'prompt';

export interface Candidate {
  def: FeatureDef;
  source: Source;
  /** why it was proposed, for the hypothesis history */
  why: string;
}

/** AutoQual's SAMPLE_COUNT: high- and low-score texts shown to the generator. */
export const SAMPLE_COUNT = 20;
const PHRASES_PER_SIDE = 6;
const KEYWORDS_PER_SET = 10;

/**
 * The registry's features as candidates: every one, or (the default) the summary set — all but
 * the per-letter, per-function-word, per-mark and per-tag vocabularies, which are authorship
 * fingerprints and on a few hundred reviews mostly fit chance.
 */
export function registryCandidates(which: 'summary' | 'all' = 'summary'): Candidate[] {
  const ids = new Set(which === 'all' ? textFeatures.map((f) => f.id) : SUMMARY_FEATURES);
  return textFeatures.filter((f) => ids.has(f.id)).map((f) => ({ def: { name: f.id, description: f.description, value: { registry: f.id } }, source: 'registry', why: `registry family ${f.family}` }));
}

/** The regex families a template may pick from (which ones, is decided by the data). */
const PATTERNS: { name: string; regex: string; flags?: string; say: string }[] = [
  { name: 'quantity', regex: '\\d+(?:\\.\\d+)?\\s?(?:oz|ounces?|lbs?|pounds?|g|grams?|mg|kg|cups?|calories|ml|servings?)\\b', flags: 'i', say: 'quantities with units' },
  { name: 'price', regex: '\\$\\s?\\d+(?:\\.\\d\\d)?', say: 'prices' },
  { name: 'comparison', regex: '\\b(?:than|compared|better|worse|cheaper|instead)\\b', flags: 'i', say: 'comparisons' },
  { name: 'contrast', regex: '\\b(?:but|however|although|though|except)\\b', flags: 'i', say: 'contrast markers' },
  { name: 'exclaim', regex: '!', say: 'exclamation marks' },
  { name: 'question', regex: '\\?', say: 'question marks' },
  { name: 'caps', regex: '\\b[A-Z]{3,}\\b', say: 'words in capitals' },
  { name: 'first-person', regex: '\\b(?:I|my|me|we|our)\\b', say: 'first-person words' },
  { name: 'ingredient', regex: '\\b(?:ingredients?|sugar|sodium|protein|fat|organic|label)\\b', flags: 'i', say: 'ingredient and label talk' },
  { name: 'time', regex: '\\b(?:years?|months?|weeks?|days?)\\b', flags: 'i', say: 'time spans of use' },
];

const words = (d: Doc) => d.tokens.filter((t) => t.type === 'word' && /^[a-z][a-z'-]*$/.test(t.lower)).map((t) => t.lower);

function ngrams(d: Doc): Set<string> {
  const w = words(d);
  const out = new Set<string>();
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= w.length; i++) out.add(w.slice(i, i + n).join(' '));
  return out;
}

/** Document frequency of each n-gram in a set of docs, and the products (groups) of the docs that use it. */
function docFreq(docs: readonly Doc[], groups?: readonly string[]): { df: Map<string, number>; products: Map<string, Set<string>> } {
  const df = new Map<string, number>();
  const products = new Map<string, Set<string>>();
  docs.forEach((d, i) => {
    for (const g of ngrams(d)) {
      df.set(g, (df.get(g) ?? 0) + 1);
      if (groups) products.set(g, (products.get(g) ?? new Set()).add(groups[i]));
    }
  });
  return { df, products };
}

const meanOf = (docs: readonly Doc[], f: (d: Doc) => number) => docs.reduce((s, d) => s + f(d), 0) / Math.max(1, docs.length);
const wordsIn = (d: Doc) => Math.max(1, words(d).length);

/**
 * Template features from the contrast of two sets of reviews (`high` vs `low`): the phrases
 * each side uses in more of its reviews, keyword sets of each side, and the POS tags, entity
 * types and pattern families whose rates differ most. `tag` keeps names distinct across rounds.
 */
export function contrastCandidates(high: readonly Doc[], low: readonly Doc[], source: Source, tag: string, what: string, groups?: { high: readonly string[]; low: readonly string[] }): Candidate[] {
  const out: Candidate[] = [];
  const { df: dfH, products: pH } = docFreq(high, groups?.high);
  const { df: dfL, products: pL } = docFreq(low, groups?.low);
  const minDocs = Math.max(2, Math.ceil(0.1 * Math.min(high.length, low.length)));
  // with products known, the side that favours an n-gram must use it in reviews of minDocs products: splits never share a product, so a product's name carries nowhere
  const spread = (g: string, side: Map<string, Set<string>>) => !groups || (side.get(g)?.size ?? 0) >= minDocs;
  const scored = [...new Set([...dfH.keys(), ...dfL.keys()])]
    .map((g) => ({ g, h: dfH.get(g) ?? 0, l: dfL.get(g) ?? 0 }))
    .filter((x) => Math.max(x.h, x.l) >= minDocs && spread(x.g, x.h >= x.l ? pH : pL))
    // smoothed log-odds of appearing in a high vs a low review; longer n-grams break ties
    .map((x) => ({ ...x, s: Math.log((x.h + 0.5) / (high.length - x.h + 0.5)) - Math.log((x.l + 0.5) / (low.length - x.l + 0.5)) + 0.01 * x.g.split(' ').length }));
  const favoured = (sign: 1 | -1) => scored.filter((x) => sign * x.s > 0).sort((a, b) => sign * (b.s - a.s));
  for (const [sign, side] of [[1, 'high'], [-1, 'low']] as const) {
    const top = favoured(sign);
    for (const x of top.slice(0, PHRASES_PER_SIDE)) {
      out.push({
        def: { name: `phrase:${x.g.replace(/\s+/g, '_')}`, description: `"${x.g}" per 100 words`, value: { rate: { phrases: [x.g] }, per: 'words' } },
        source,
        why: `"${x.g}" is in ${x.h} of ${high.length} ${what.split('/')[0]} and ${x.l} of ${low.length} ${what.split('/')[1]} reviews`,
      });
    }
    const keys = top.filter((x) => !x.g.includes(' ')).slice(0, KEYWORDS_PER_SET).map((x) => x.g);
    if (keys.length >= 3) {
      out.push({
        def: { name: `keywords:${side}-${tag}`, description: `words of ${side === 'high' ? what.split('/')[0] : what.split('/')[1]} reviews (${keys.slice(0, 4).join(', ')}, …) per 100 words`, value: { rate: { words: keys }, per: 'words' } },
        source,
        why: `the ${keys.length} words most specific to the ${side === 'high' ? what.split('/')[0] : what.split('/')[1]} sample`,
      });
      out.push({
        def: { name: `first:${side}-${tag}`, description: `where the first of ${keys.slice(0, 3).join(', ')}, … appears`, value: { position: { words: keys } } },
        source,
        why: `position of the ${side} sample's words`,
      });
    }
  }
  const rel = (a: number, b: number) => (a - b) / (Math.abs(a) + Math.abs(b) + 1e-9);
  const posDiffs = POS_TAGS.map((p) => ({ p, d: rel(meanOf(high, (d) => matches(d, { pos: [p] }).length / wordsIn(d)), meanOf(low, (d) => matches(d, { pos: [p] }).length / wordsIn(d))) }))
    .filter((x) => Math.abs(x.d) > 0.1)
    .sort((a, b) => Math.abs(b.d) - Math.abs(a.d))
    .slice(0, 4);
  for (const { p, d } of posDiffs) {
    out.push({ def: { name: `pos-rate:${p}`, description: `${p} tokens per 100 words`, value: { rate: { pos: [p] }, per: 'words' } }, source, why: `${p} rate is ${Math.round(100 * Math.abs(d))}% (relative) ${d > 0 ? 'higher' : 'lower'} in the ${what.split('/')[0]} sample` });
  }
  const entDiffs = ENTITY_TYPES.map((t) => ({ t, h: meanOf(high, (d) => (d.entities.some((e) => e.type === t) ? 1 : 0)), l: meanOf(low, (d) => (d.entities.some((e) => e.type === t) ? 1 : 0)) }))
    .filter((x) => Math.abs(x.h - x.l) >= 0.1)
    .slice(0, 3);
  for (const { t, h, l } of entDiffs) {
    out.push({ def: { name: `entities:${t}`, description: `number of ${t} entities`, value: { count: { entities: [t] } } }, source, why: `${t} appears in ${Math.round(100 * h)}% vs ${Math.round(100 * l)}% of the two samples` });
  }
  for (const p of PATTERNS) {
    const m = { regex: p.regex, ...(p.flags ? { flags: p.flags } : {}) };
    const d = rel(meanOf(high, (doc) => matches(doc, m).length / wordsIn(doc)), meanOf(low, (doc) => matches(doc, m).length / wordsIn(doc)));
    if (Math.abs(d) < 0.2) continue;
    out.push({ def: { name: `pattern:${p.name}`, description: `${p.say} per 100 words`, value: { rate: m, per: 'words' } }, source, why: `${p.say}: ${Math.round(100 * Math.abs(d))}% (relative) ${d > 0 ? 'more' : 'fewer'} in the ${what.split('/')[0]} sample` });
  }
  return out;
}

/** AutoQual's sampling: SAMPLE_COUNT reviews drawn from the top and from the bottom quarter of the training target. */
export function sampleHighLow(target: ArrayLike<number>, rows: readonly number[], rng: Rng, count = SAMPLE_COUNT): { high: number[]; low: number[] } {
  const sorted = [...rows].sort((a, b) => target[a] - target[b]);
  const quarter = Math.max(count, Math.floor(sorted.length / 4));
  const draw = (pool: number[]) => {
    const p = [...pool];
    for (let i = p.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p.slice(0, count);
  };
  return { high: draw(sorted.slice(-quarter)), low: draw(sorted.slice(0, quarter)) };
}

/**
 * Reflection: the validation reviews the current model ranks worst — truly helpful ones ranked
 * low (under-ranked) and unhelpful ones ranked high (over-ranked) — contrasted with each other,
 * so the new hypotheses name what the mis-ranked ones share.
 */
export function worstRanked(pred: ArrayLike<number>, target: ArrayLike<number>, count = SAMPLE_COUNT / 2): { under: number[]; over: number[] } {
  const rank = (xs: ArrayLike<number>) => {
    const order = Array.from({ length: xs.length }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
    const r = new Float64Array(xs.length);
    order.forEach((i, k) => (r[i] = k / Math.max(1, xs.length - 1)));
    return r;
  };
  const rp = rank(pred);
  const rt = rank(target);
  const err = Array.from({ length: pred.length }, (_, i) => ({ i, e: rp[i] - rt[i] }));
  return {
    under: [...err].sort((a, b) => a.e - b.e).slice(0, count).filter((x) => x.e < 0).map((x) => x.i),
    over: [...err].sort((a, b) => b.e - a.e).slice(0, count).filter((x) => x.e > 0).map((x) => x.i),
  };
}
