import type { Doc } from '../../nlp/analyse';
import { feature, memo, per100, ratio, type Evidence, type TextFamily } from '../types';
import { words } from '../units';

/** Punctuation marks counted one by one: name (in the feature id) → the characters it covers. */
export const PUNCTUATION: Readonly<Record<string, string>> = {
  period: '.',
  comma: ',',
  semicolon: ';',
  colon: ':',
  exclamation: '!',
  question: '?',
  apostrophe: "'’",
  quote: '"“”',
  hyphen: '-',
  dash: '–—',
  ellipsis: '…',
  parenthesis: '()',
  bracket: '[]{}',
  slash: '/',
  ampersand: '&',
  asterisk: '*',
};

const MARK_NAME = new Map<string, string>(Object.entries(PUNCTUATION).flatMap(([name, chars]) => [...chars].map((c) => [c, name] as [string, string])));

interface CharCounts {
  /** characters outside markup */
  chars: number;
  marks: { at: number; name: string }[];
  letters: { at: number; letter: string; upper: boolean }[];
}

/** One pass over the characters outside markup (`<br />` is layout, not punctuation or letters). */
const charCounts = (doc: Doc): CharCounts =>
  memo(doc, 'chars', () => {
    const out: CharCounts = { chars: 0, marks: [], letters: [] };
    let m = 0;
    for (let i = 0; i < doc.text.length; i++) {
      while (m < doc.markup.length && doc.markup[m][1] <= i) m++;
      if (m < doc.markup.length && i >= doc.markup[m][0]) continue;
      const c = doc.text[i];
      out.chars++;
      const name = MARK_NAME.get(c);
      if (name) out.marks.push({ at: i, name });
      const lower = c.toLowerCase();
      if (lower.length === 1 && lower >= 'a' && lower <= 'z') out.letters.push({ at: i, letter: lower, upper: c !== lower });
    }
    return out;
  });

const at = (items: { at: number }[], note: string): Evidence[] => items.map((x) => ({ start: x.at, end: x.at + 1, note }));

export const punctuationFamily: TextFamily = {
  id: 'punct',
  title: 'Punctuation',
  description: 'Punctuation marks per 100 characters, and the share of each mark among the marks (markup left out).',
  gram2vec: 'punctuation',
  features: [
    feature('punct', 'per-100-chars', 'Punctuation marks per 100 characters.', (d) => per100(charCounts(d).marks.length, charCounts(d).chars), (d) => at(charCounts(d).marks, 'punctuation')),
    ...Object.entries(PUNCTUATION).map(([name, chars]) =>
      feature(
        'punct',
        name,
        `Share of ${name} marks (${chars.split('').join(' ')}) among the punctuation marks.`,
        (d) => ratio(charCounts(d).marks.filter((x) => x.name === name).length, charCounts(d).marks.length),
        (d) => at(charCounts(d).marks.filter((x) => x.name === name), name),
      ),
    ),
  ],
};

const LETTERS = 'abcdefghijklmnopqrstuvwxyz'.split('');

export const letterFamily: TextFamily = {
  id: 'letter',
  title: 'Letters',
  description: 'Share of each letter a–z among the letters (case folded), and the share of capitals.',
  gram2vec: 'letters',
  features: [
    feature('letter', 'uppercase', 'Capital letters / letters.', (d) => ratio(charCounts(d).letters.filter((x) => x.upper).length, charCounts(d).letters.length), (d) => at(charCounts(d).letters.filter((x) => x.upper), 'capital')),
    ...LETTERS.map((l) =>
      feature(
        'letter',
        l,
        `Share of "${l}" among the letters.`,
        (d) => ratio(charCounts(d).letters.filter((x) => x.letter === l).length, charCounts(d).letters.length),
        (d) => at(charCounts(d).letters.filter((x) => x.letter === l), l),
      ),
    ),
  ],
};

const emojiTokens = (doc: Doc) => memo(doc, 'emojis', () => doc.tokens.filter((t) => t.type === 'emoji' || t.type === 'emoticon'));

export const emojiFamily: TextFamily = {
  id: 'emoji',
  title: 'Emojis',
  description: 'Emojis (😀) and emoticons (:-) ) as wink-nlp finds them.',
  gram2vec: 'emojis',
  features: [
    feature('emoji', 'count', 'Emojis and emoticons.', (d) => emojiTokens(d).length, (d) => emojiTokens(d).map((t) => ({ start: t.start, end: t.end, note: t.type }))),
    feature('emoji', 'per-100-words', 'Emojis and emoticons per 100 words.', (d) => per100(emojiTokens(d).length, words(d).length), (d) => emojiTokens(d).map((t) => ({ start: t.start, end: t.end, note: t.type }))),
  ],
};
