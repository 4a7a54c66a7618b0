import type { Doc } from '../../nlp/analyse';
import { feature, ratio, spans, type TextFamily } from '../types';
import { listItems, paragraphs, words, wordSentences } from '../units';

const F = 'structure';

const sentenceSpans = (doc: Doc) => spans(doc.sentences, (i) => `sentence ${i + 1}`);

export const structureFamily: TextFamily = {
  id: F,
  title: 'Length and structure',
  description: 'How long the text is and how it is laid out: characters, words, sentences, paragraphs, list items.',
  features: [
    feature(F, 'characters', 'Characters (Unicode code points, markup included).', (d) => [...d.text].length, (d) => [{ start: 0, end: d.text.length, note: `${[...d.text].length} characters` }]),
    feature(F, 'words', 'Words (contractions such as "can\'t" count once; numbers and punctuation do not count).', (d) => words(d).length, (d) => spans(words(d), (i) => `word ${i + 1}`)),
    feature(F, 'sentences', "Sentences (wink-nlp's sentence boundaries).", (d) => d.sentences.length, sentenceSpans),
    feature(F, 'words-per-sentence', 'Mean words per sentence that holds a word.', (d) => ratio(words(d).length, wordSentences(d)), sentenceSpans),
    feature(F, 'paragraphs', 'Paragraphs: blocks separated by a blank line or by two <br /> in a row.', (d) => paragraphs(d).length, (d) => spans(paragraphs(d), (i) => `paragraph ${i + 1}`)),
    feature(F, 'list-items', 'Lines that start with a bullet (-, *, •) or a number followed by "." or ")".', (d) => listItems(d).length, (d) => spans(listItems(d), 'list item')),
  ],
};
