import type { Doc, Sentence } from '../../nlp/analyse';
import { feature, memo, ratio, type TextFamily } from '../types';
import { words, type Word } from '../units';

export type SentenceType = 'question' | 'exclamation' | 'imperative';

/** Words that may open an imperative before its verb ("Please try it", "Just buy it", "Don't buy it"). */
const SOFTENERS = new Set(['please', 'just', 'do', "don't", 'don’t', 'never', 'always']);

/**
 * The types of a sentence, by rule: ending in "?" → question; ending in "!" → exclamation; not a
 * question and opening, after softeners, with a verb in the base form (tagged VERB, not ending
 * in -ing/-ed/-s) → imperative ("Buy it.", "Please don't waste your money!"). A sentence may be
 * an exclamation and an imperative at once. wink has no mood or dependency labels, so "Love it."
 * (subject dropped) reads as an imperative too.
 */
export function sentenceTypes(doc: Doc, s: Sentence, ws: readonly Word[]): Set<SentenceType> {
  const out = new Set<SentenceType>();
  const last = doc.text.slice(s.start, s.end).replace(/[\s"'”’)\]]+$/, '');
  if (last.endsWith('?')) out.add('question');
  if (last.endsWith('!')) out.add('exclamation');
  let i = 0;
  while (i < ws.length - 1 && SOFTENERS.has(ws[i].lower)) i++;
  const first = ws[i];
  if (!out.has('question') && first && doc.tokens[first.token].pos === 'VERB' && !/(ing|ed|s)$/.test(first.lower)) out.add('imperative');
  return out;
}

const types = (doc: Doc) =>
  memo(doc, 'sentenceTypes', () => {
    const byS = new Map<number, Word[]>();
    for (const w of words(doc)) byS.set(w.sentence, [...(byS.get(w.sentence) ?? []), w]);
    return doc.sentences.map((s, i) => sentenceTypes(doc, s, byS.get(i) ?? []));
  });

const share = (type: SentenceType) =>
  feature(
    'sentences',
    `${type}-share`,
    `Share of sentences that are ${type === 'imperative' ? 'imperatives (rule: opens with a base-form verb)' : `${type}s`}.`,
    (d) => ratio(types(d).filter((t) => t.has(type)).length, d.sentences.length),
    (d) => d.sentences.flatMap((s, i) => (types(d)[i].has(type) ? [{ start: s.start, end: s.end, note: type }] : [])),
  );

export const sentenceTypeFamily: TextFamily = {
  id: 'sentences',
  title: 'Sentence types',
  description: 'Questions, exclamations and imperatives among the sentences.',
  gram2vec: 'sentences',
  features: [share('question'), share('exclamation'), share('imperative')],
};
