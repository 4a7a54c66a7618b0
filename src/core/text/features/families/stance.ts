import type { Doc } from '../../nlp/analyse';
import { feature, memo, per100, ratio, spans, type TextFamily } from '../types';
import { phraseMatches, words } from '../units';

/** Hedges: words and phrases that soften a claim. "may" is left out (the month); "about" too (mostly "about the product"). */
export const HEDGES = [
  'maybe', 'perhaps', 'possibly', 'probably', 'presumably', 'apparently', 'seemingly', 'arguably', 'likely', 'unlikely',
  'might', 'could', 'seem', 'seems', 'seemed', 'appear', 'appears', 'appeared', 'suggest', 'suggests',
  'somewhat', 'fairly', 'rather', 'relatively', 'slightly', 'mostly', 'generally', 'usually', 'typically', 'almost', 'roughly', 'approximately',
  'sort of', 'kind of', 'a bit', 'a little', 'more or less', 'to some extent',
  'i think', 'i guess', 'i believe', 'i suppose', 'i feel', 'in my opinion', 'it seems',
];

/** Negation words; "n't" arrives joined to its word ("don't", "can't"), so contractions are matched by their ending. */
const NEGATIONS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'nowhere', 'without', 'cannot', "n't", 'n’t']);
const isNegation = (lower: string) => NEGATIONS.has(lower) || /n['’]t$/.test(lower);

const hedges = (doc: Doc) => memo(doc, 'hedges', () => phraseMatches(doc, HEDGES));
const negations = (doc: Doc) => memo(doc, 'negations', () => words(doc).filter((w) => isNegation(w.lower)));
const negatedWords = (doc: Doc) => memo(doc, 'negated', () => words(doc).filter((w) => doc.tokens[w.token].negated));

export const hedgeFamily: TextFamily = {
  id: 'hedges',
  title: 'Hedges',
  description: `Hedging words and phrases (a fixed list of ${HEDGES.length}: maybe, probably, seems, kind of, I think, …) per 100 words.`,
  features: [feature('hedges', 'per-100-words', 'Hedges per 100 words (a phrase counts once).', (d) => per100(hedges(d).length, words(d).length), (d) => hedges(d).map((h) => ({ start: h.start, end: h.end, note: `hedge "${h.phrase}"` })))],
};

export const negationFamily: TextFamily = {
  id: 'negations',
  title: 'Negations',
  description: "Negation words (not, no, never, n't, …) per 100 words, and the share of words inside a negation's scope (wink-nlp's negation flag).",
  features: [
    feature('negations', 'per-100-words', 'Negation words per 100 words.', (d) => per100(negations(d).length, words(d).length), (d) => spans(negations(d), 'negation')),
    feature('negations', 'scope-share', "Words in a negation's scope / words.", (d) => ratio(negatedWords(d).length, words(d).length), (d) => spans(negatedWords(d), 'negated')),
  ],
};

/** Comparative and superlative forms the POS tags cannot mark (no morphology): irregulars, -er/-est adjectives and adverbs, more/most + adjective. */
const IRREGULAR: Readonly<Record<string, 'comparative' | 'superlative'>> = {
  better: 'comparative', worse: 'comparative', less: 'comparative', further: 'comparative', farther: 'comparative',
  best: 'superlative', worst: 'superlative', least: 'superlative', furthest: 'superlative', farthest: 'superlative',
};
/** -er/-est words that are not comparisons. */
const NOT_DEGREE = new Set(['other', 'never', 'ever', 'however', 'whatever', 'rather', 'together', 'over', 'under', 'after', 'sooner', 'later', 'interest', 'honest', 'modest', 'forest', 'manner', 'proper', 'tender', 'bitter', 'clever', 'eager', 'sober', 'slender']);

const degrees = (doc: Doc) =>
  memo(doc, 'degrees', () => {
    const out: { start: number; end: number; kind: 'comparative' | 'superlative' }[] = [];
    const ws = words(doc);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      const pos = doc.tokens[w.token].pos;
      const next = ws[i + 1];
      const nextPos = next ? doc.tokens[next.token].pos : '';
      if ((w.lower === 'more' || w.lower === 'most') && next && (nextPos === 'ADJ' || nextPos === 'ADV')) {
        out.push({ start: w.start, end: next.end, kind: w.lower === 'more' ? 'comparative' : 'superlative' });
        i++;
      } else if (IRREGULAR[w.lower] && (pos === 'ADJ' || pos === 'ADV')) out.push({ start: w.start, end: w.end, kind: IRREGULAR[w.lower] });
      else if ((pos === 'ADJ' || pos === 'ADV') && w.lower.length > 4 && !NOT_DEGREE.has(w.lower)) {
        if (w.lower.endsWith('est')) out.push({ start: w.start, end: w.end, kind: 'superlative' });
        else if (w.lower.endsWith('er')) out.push({ start: w.start, end: w.end, kind: 'comparative' });
      }
    }
    return out;
  });

const degree = (kind: 'comparative' | 'superlative') =>
  feature(
    'degree',
    `${kind}s`,
    `${kind === 'comparative' ? 'Comparatives (better, cheaper, more expensive)' : 'Superlatives (best, cheapest, most expensive)'} per 100 words.`,
    (d) => per100(degrees(d).filter((x) => x.kind === kind).length, words(d).length),
    (d) => spans(degrees(d).filter((x) => x.kind === kind), kind),
  );

export const degreeFamily: TextFamily = {
  id: 'degree',
  title: 'Comparatives and superlatives',
  description: 'Comparisons by rule (the tagger has no morphology): irregular forms, adjectives and adverbs in -er/-est, more/most + adjective.',
  features: [degree('comparative'), degree('superlative')],
};
