import type { Doc } from '../../nlp/analyse';
import { feature, memo, ratio, type Evidence, type TextFamily } from '../types';
import { syllables, words, wordSentences } from '../units';

const F = 'readability';

interface Counts {
  words: number;
  sentences: number;
  syllables: number;
  perWord: number[];
}

const counts = (doc: Doc): Counts =>
  memo(doc, 'readability', () => {
    const ws = words(doc);
    const perWord = ws.map((w) => syllables(w.text));
    return { words: ws.length, sentences: wordSentences(doc), syllables: perWord.reduce((a, b) => a + b, 0), perWord };
  });

/** Flesch (1948): 206.835 − 1.015·(words/sentences) − 84.6·(syllables/words). 0 for a text without words. */
export function fleschReadingEase(c: { words: number; sentences: number; syllables: number }): number {
  if (c.words === 0) return 0;
  return 206.835 - 1.015 * (c.words / c.sentences) - 84.6 * (c.syllables / c.words);
}

/** Kincaid et al. (1975): 0.39·(words/sentences) + 11.8·(syllables/words) − 15.59. 0 for a text without words. */
export function fleschKincaidGrade(c: { words: number; sentences: number; syllables: number }): number {
  if (c.words === 0) return 0;
  return 0.39 * (c.words / c.sentences) + 11.8 * (c.syllables / c.words) - 15.59;
}

/** The words of three or more syllables: what pulls both scores toward harder text. */
function longWords(doc: Doc): Evidence[] {
  const c = counts(doc);
  return words(doc).flatMap((w, i) => (c.perWord[i] >= 3 ? [{ start: w.start, end: w.end, note: `${c.perWord[i]} syllables` }] : []));
}

export const readabilityFamily: TextFamily = {
  id: F,
  title: 'Readability',
  description: 'Flesch reading ease and Flesch–Kincaid grade, from words per sentence and syllables per word (syllables counted by rule).',
  features: [
    feature(F, 'flesch-reading-ease', 'Flesch reading ease: higher is easier (90–100 very easy, below 30 very hard).', (d) => fleschReadingEase(counts(d)), longWords),
    feature(F, 'flesch-kincaid-grade', 'Flesch–Kincaid grade level: the US school grade the text reads at.', (d) => fleschKincaidGrade(counts(d)), longWords),
    feature(F, 'syllables-per-word', 'Mean syllables per word.', (d) => ratio(counts(d).syllables, counts(d).words), longWords),
  ],
};
