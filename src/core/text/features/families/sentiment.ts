import type { Doc } from '../../nlp/analyse';
import { feature, ratio, type Evidence, type TextFamily } from '../types';

const scored = (doc: Doc, keep: (s: number) => boolean): Evidence[] =>
  doc.sentences.filter((s) => keep(s.sentiment)).map((s) => ({ start: s.start, end: s.end, note: `sentiment ${s.sentiment > 0 ? '+' : ''}${s.sentiment.toFixed(2)}` }));

export const sentimentFamily: TextFamily = {
  id: 'sentiment',
  title: 'Sentiment',
  description: "wink-nlp's lexicon sentiment (AFINN-style word scores with negation and emphasis), for the text and its sentences.",
  features: [
    feature('sentiment', 'score', "The text's sentiment in [-1, 1].", (d) => d.sentiment, (d) => scored(d, (s) => s !== 0)),
    feature('sentiment', 'positive-share', 'Share of sentences with a positive score.', (d) => ratio(d.sentences.filter((s) => s.sentiment > 0).length, d.sentences.length), (d) => scored(d, (s) => s > 0)),
    feature('sentiment', 'negative-share', 'Share of sentences with a negative score.', (d) => ratio(d.sentences.filter((s) => s.sentiment < 0).length, d.sentences.length), (d) => scored(d, (s) => s < 0)),
  ],
};

/** Gram2Vec families that need what wink-nlp's lite model does not have. */
export const unavailableFamilies: TextFamily[] = [
  {
    id: 'dep',
    title: 'Dependency labels',
    description: 'Rates of dependency relations (nsubj, dobj, amod, …).',
    gram2vec: 'dep_labels',
    unavailable: 'wink-nlp has no dependency parser; no maintained offline npm package parses English dependencies',
    features: [],
  },
  {
    id: 'morph',
    title: 'Morphology tags',
    description: 'Rates of morphological features (Tense=Past, Number=Plur, Degree=Cmp, …).',
    gram2vec: 'morph_tags',
    unavailable: "wink-nlp's tagger gives Universal POS tags only, without morphological features (comparatives are found by rule in the degree family)",
    features: [],
  },
];
