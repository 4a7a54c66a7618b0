import type { Doc, Token } from '../../nlp/analyse';
import { feature, memo, ratio, spans, type TextFamily } from '../types';
import { contentTokens } from '../units';

/** The Universal Dependencies tags wink's tagger gives (SPACE left out: white space is not counted). */
export const POS_TAGS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X'] as const;

const tagCounts = (doc: Doc) =>
  memo(doc, 'posCounts', () => {
    const counts = new Map<string, number>();
    for (const t of contentTokens(doc)) counts.set(t.pos, (counts.get(t.pos) ?? 0) + 1);
    return counts;
  });

/** Consecutive pairs of counted tokens inside one sentence. */
const bigrams = (doc: Doc) =>
  memo(doc, 'posBigrams', () => {
    const pairs: [Token, Token][] = [];
    const ts = contentTokens(doc);
    for (let i = 1; i < ts.length; i++) if (ts[i].sentence === ts[i - 1].sentence) pairs.push([ts[i - 1], ts[i]]);
    const counts = new Map<string, number>();
    for (const [a, b] of pairs) counts.set(`${a.pos}_${b.pos}`, (counts.get(`${a.pos}_${b.pos}`) ?? 0) + 1);
    return { pairs, counts };
  });

export const posFamily: TextFamily = {
  id: 'pos',
  title: 'POS unigrams',
  description: 'Share of each part-of-speech tag among the tokens (white space and markup left out).',
  gram2vec: 'pos_unigrams',
  features: POS_TAGS.map((tag) =>
    feature(
      'pos',
      tag,
      `Share of tokens tagged ${tag}.`,
      (d) => ratio(tagCounts(d).get(tag) ?? 0, contentTokens(d).length),
      (d) => spans(contentTokens(d).filter((t) => t.pos === tag), tag),
    ),
  ),
};

export const posBigramFamily: TextFamily = {
  id: 'pos2',
  title: 'POS bigrams',
  description: 'Share of each pair of consecutive tags among the pairs inside a sentence.',
  gram2vec: 'pos_bigrams',
  features: POS_TAGS.flatMap((a) =>
    POS_TAGS.map((b) =>
      feature(
        'pos2',
        `${a}_${b}`,
        `Share of consecutive token pairs tagged ${a} then ${b}.`,
        (d) => ratio(bigrams(d).counts.get(`${a}_${b}`) ?? 0, bigrams(d).pairs.length),
        (d) =>
          bigrams(d)
            .pairs.filter(([x, y]) => x.pos === a && y.pos === b)
            .map(([x, y]) => ({ start: x.start, end: y.end, note: `${a} ${b}` })),
      ),
    ),
  ),
};
