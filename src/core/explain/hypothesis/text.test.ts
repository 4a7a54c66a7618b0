import { describe, expect, it } from 'vitest';
import { byteTokenLabels, documentTokens } from '../../text/lm/bytes';
import { and, atom, evaluate, not, or, render } from './tree';
import { type TextAtom, type TextRows, textLanguage } from './text';

/** One byte-level sequence as the text model's datasets hold it: DOC_START, then one label per byte. */
function rowsOf(text: string): TextRows {
  const labels = byteTokenLabels(documentTokens(text));
  return { rows: labels.length - 1, sequences: [labels], seq: new Uint32Array(labels.length - 1), pos: Uint32Array.from({ length: labels.length - 1 }, (_, i) => i + 1) };
}
const on = (t: Uint8Array) => [...t].flatMap((v, i) => (v ? [i] : []));

describe('the text hypothesis language', () => {
  // rows 0..: "The cat sat. Then the hat."
  const rows = rowsOf('The cat sat. Then the hat.');
  const lang = textLanguage(rows);
  const truth = (a: TextAtom) => on(lang.truth(a));

  it('evaluates tokens, words, n-grams, regexes and places in words and sentences by hand', () => {
    expect(truth({ kind: 'token', tokens: ['a'] })).toEqual([5, 9, 23]);
    expect(truth({ kind: 'word', words: ['the'] })).toEqual([0, 1, 2, 18, 19, 20]);
    expect(truth({ kind: 'ngram', tokens: ['a', 't'] })).toEqual([6, 10, 24]);
    expect(truth({ kind: 'regex', source: 'at$' })).toEqual([4, 5, 6, 8, 9, 10, 22, 23, 24]);
    expect(truth({ kind: 'inWord', where: 'start' })).toEqual([0, 4, 8, 13, 18, 22]);
    expect(truth({ kind: 'inWord', where: 'outside' })).toEqual([3, 7, 11, 12, 17, 21, 25]);
    expect(truth({ kind: 'sentenceStart' })).toEqual([0, 1, 2, 13, 14, 15, 16]);
    expect(truth({ kind: 'prev', tokens: [' '] })).toEqual([4, 8, 13, 18, 22]);
  });

  it('combines atoms and says them in English', () => {
    const p = and<TextAtom>(atom({ kind: 'token', tokens: ['h'] }), not(atom({ kind: 'sentenceStart' })));
    expect(on(evaluate(p, lang))).toEqual([19, 22]);
    expect(on(evaluate(or<TextAtom>(atom({ kind: 'token', tokens: ['.'] }), atom({ kind: 'token', tokens: ['T'] })), lang))).toEqual([0, 11, 13, 25]);
    expect(render(p, lang)).toBe('the token is "h" AND NOT (in the first word of a sentence)');
  });

  it('tags words with the studio tagger', () => {
    expect(lang.tag(0, 5)).toBe('NOUN'); // "cat"
    expect(truth({ kind: 'pos', tags: ['NOUN'] })).toEqual(expect.arrayContaining([4, 5, 6, 22, 23, 24]));
  });
});
