import type { Doc } from '../../nlp/analyse';
import { feature, memo, ratio, spans, type TextFamily } from '../types';
import { words } from '../units';

/**
 * The fixed function-word list: articles, pronouns, prepositions, conjunctions, auxiliaries,
 * modals, quantifiers and common adverbs of degree and time — the closed-class words that
 * stylometry counts because authors use them without choosing them. Changing it changes
 * feature ids: add, never rename.
 */
export const FUNCTION_WORDS = [
  // articles and determiners
  'a', 'an', 'the', 'this', 'that', 'these', 'those', 'some', 'any', 'each', 'every', 'no', 'all', 'both', 'either', 'neither', 'another', 'such',
  // pronouns
  'i', 'me', 'my', 'mine', 'myself', 'we', 'us', 'our', 'ours', 'you', 'your', 'yours', 'he', 'him', 'his', 'she', 'her', 'hers', 'it', 'its', 'they', 'them', 'their', 'theirs', 'who', 'whom', 'whose', 'which', 'what',
  // prepositions
  'about', 'above', 'after', 'against', 'among', 'around', 'at', 'before', 'behind', 'below', 'between', 'by', 'down', 'during', 'for', 'from', 'in', 'into', 'like', 'of', 'off', 'on', 'onto', 'out', 'over', 'since', 'through', 'to', 'toward', 'under', 'until', 'up', 'upon', 'with', 'within', 'without',
  // conjunctions
  'and', 'but', 'or', 'nor', 'so', 'yet', 'because', 'although', 'though', 'if', 'unless', 'while', 'whereas', 'than', 'when', 'where', 'whether',
  // auxiliaries and modals
  'be', 'am', 'is', 'are', 'was', 'were', 'been', 'being', 'have', 'has', 'had', 'do', 'does', 'did', 'can', 'could', 'may', 'might', 'must', 'shall', 'should', 'will', 'would',
  // quantifiers, degree and time
  'many', 'much', 'more', 'most', 'few', 'less', 'least', 'very', 'too', 'also', 'just', 'only', 'even', 'then', 'there', 'here', 'now', 'not',
] as const;

const LIST = new Set<string>(FUNCTION_WORDS);

const functionWords = (doc: Doc) => memo(doc, 'functionWords', () => words(doc).filter((w) => LIST.has(w.lower)));

export const functionWordFamily: TextFamily = {
  id: 'fw',
  title: 'Function words',
  description: `Share of each of ${FUNCTION_WORDS.length} fixed function words among the function words used, and function words per word.`,
  gram2vec: 'func_words',
  features: [
    feature('fw', 'rate', 'Function words / words.', (d) => ratio(functionWords(d).length, words(d).length), (d) => spans(functionWords(d), 'function word')),
    ...FUNCTION_WORDS.map((w) =>
      feature(
        'fw',
        w,
        `Share of "${w}" among the function words.`,
        (d) => ratio(functionWords(d).filter((x) => x.lower === w).length, functionWords(d).length),
        (d) => spans(functionWords(d).filter((x) => x.lower === w), `"${w}"`),
      ),
    ),
  ],
};
