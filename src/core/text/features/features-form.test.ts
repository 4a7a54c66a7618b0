import { describe, expect, it } from 'vitest';
import { analyse } from '../nlp/analyse';
import { featurise, selectFeatures, textFamilies, textFeature } from './index';
import { mtld } from './families/lexical';
import { syllables } from './units';

// Every expected value below is worked out by hand from the text in the test (the comment shows the sum).
const value = (id: string, text: string) => textFeature(id).compute(analyse(text));
const evidence = (id: string, text: string) => textFeature(id).evidence(analyse(text)).map((e) => text.slice(e.start, e.end));

const SIMPLE = 'The dog runs. The cat sleeps.';

describe('length and structure', () => {
  it('counts characters, words, sentences, paragraphs and list items', () => {
    expect(value('structure.characters', SIMPLE)).toBe(29);
    expect(value('structure.words', SIMPLE)).toBe(6);
    expect(value('structure.sentences', SIMPLE)).toBe(2);
    expect(value('structure.words-per-sentence', SIMPLE)).toBe(3);
    const list = '- one\n- two\n\n1. three';
    expect(value('structure.characters', list)).toBe(21); // 5 + 1 + 5 + 2 + 8
    expect(value('structure.paragraphs', list)).toBe(2);
    expect(evidence('structure.list-items', list)).toEqual(['- one', '- two', '1. three']);
    // scraped reviews break paragraphs with two <br />
    expect(evidence('structure.paragraphs', 'Good.<br /><br />Bad.')).toEqual(['Good.', 'Bad.']);
    // "can't" is one word, not "ca" + "n't"
    expect(value('structure.words', "I can't stop.")).toBe(3);
  });
});

describe('readability', () => {
  it('counts syllables by rule', () => {
    expect(['cat', 'table', 'make', 'jumped', 'boxes', 'reading', 'beautiful', 'yellow', 'the'].map(syllables)).toEqual([1, 2, 1, 1, 2, 2, 3, 2, 1]);
  });

  it('Flesch reading ease and Flesch–Kincaid grade', () => {
    // 6 words, 2 sentences, 6 syllables: 206.835 − 1.015·3 − 84.6·1 = 119.19; 0.39·3 + 11.8·1 − 15.59 = −2.62
    expect(value('readability.flesch-reading-ease', SIMPLE)).toBeCloseTo(119.19, 9);
    expect(value('readability.flesch-kincaid-grade', SIMPLE)).toBeCloseTo(-2.62, 9);
    // 2 words, 1 sentence, 3 + 2 syllables: 206.835 − 2.03 − 84.6·2.5 = −6.695; 0.78 + 11.8·2.5 − 15.59 = 14.69
    expect(value('readability.flesch-reading-ease', 'Beautiful reading.')).toBeCloseTo(-6.695, 9);
    expect(value('readability.flesch-kincaid-grade', 'Beautiful reading.')).toBeCloseTo(14.69, 9);
    expect(evidence('readability.flesch-kincaid-grade', 'Beautiful reading.')).toEqual(['Beautiful']);
  });
});

describe('lexical richness', () => {
  it('type–token ratio', () => {
    expect(value('lexical.type-token-ratio', SIMPLE)).toBeCloseTo(5 / 6, 12); // "the" twice
    expect(value('lexical.type-token-ratio', 'a a a a')).toBe(0.25);
  });

  it('MTLD', () => {
    // a|a → TTR 0.5 ≤ 0.72 closes a factor, twice: 4 words / 2 factors, both directions
    expect(mtld(['a', 'a', 'a', 'a'])).toBe(2);
    // a b a → 2/3 closes one factor; "b" is left at TTR 1, a factor of (1 − 1)/0.28 = 0: 4 / 1
    expect(mtld(['a', 'b', 'a', 'b'])).toBe(4);
    // no factor closes: TTR ends at 5/6, a partial factor of (1/6)/0.28: 6 / that = 10.08 both ways
    expect(value('lexical.mtld', SIMPLE)).toBeCloseTo(10.08, 9);
    expect(mtld(['x', 'y', 'z'])).toBe(3);
    // forward: a|a closes a factor, b c d leave TTR 1 (0 more): 5 / 1 = 5; backward: d c b a a ends at
    // TTR 0.8, a partial factor of 0.2/0.28: 5 / (0.2/0.28) = 7; the mean is 6
    expect(mtld(['a', 'a', 'b', 'c', 'd'])).toBeCloseTo(6, 12);
  });
});

describe('POS unigrams and bigrams', () => {
  it('shares of tags and of tag pairs inside sentences', () => {
    // DET NOUN VERB PUNCT, twice: each tag 2 of 8
    for (const tag of ['DET', 'NOUN', 'VERB', 'PUNCT']) expect(value(`pos.${tag}`, SIMPLE)).toBe(0.25);
    expect(value('pos.ADJ', SIMPLE)).toBe(0);
    // pairs: DET_NOUN, NOUN_VERB, VERB_PUNCT in each sentence (PUNCT_DET crosses the boundary): 2 of 6
    expect(value('pos2.DET_NOUN', SIMPLE)).toBeCloseTo(1 / 3, 12);
    expect(value('pos2.PUNCT_DET', SIMPLE)).toBe(0);
    expect(evidence('pos2.NOUN_VERB', SIMPLE)).toEqual(['dog runs', 'cat sleeps']);
    // PRON VERB PRON PUNCT: PRON 2 of 4; pairs PRON_VERB, VERB_PRON, PRON_PUNCT: 1 of 3 each
    expect(value('pos.PRON', 'I love it.')).toBe(0.5);
    expect(value('pos2.VERB_PRON', 'I love it.')).toBeCloseTo(1 / 3, 12);
    expect(evidence('pos2.PRON_VERB', 'I love it.')).toEqual(['I love']);
  });
});

describe('function words', () => {
  it('rate per word and share of each word among the function words', () => {
    expect(value('fw.rate', SIMPLE)).toBeCloseTo(2 / 6, 12);
    expect(value('fw.the', SIMPLE)).toBe(1);
    // function words: i, it, might, be, of — 5 of 8 words
    const hedged = 'I think it might be kind of sweet.';
    expect(value('fw.rate', hedged)).toBeCloseTo(5 / 8, 12);
    expect(value('fw.i', hedged)).toBeCloseTo(1 / 5, 12);
  });
});

describe('punctuation, letters, emojis', () => {
  it('punctuation per 100 characters and share of each mark', () => {
    // , ? ! . in 17 characters
    expect(value('punct.per-100-chars', 'Wait, what?! Yes.')).toBeCloseTo(400 / 17, 9);
    expect(value('punct.comma', 'Wait, what?! Yes.')).toBe(0.25);
    // the slash of <br /> is markup: 2 marks in the 9 characters outside it
    expect(value('punct.per-100-chars', 'Good.<br />Bad.')).toBeCloseTo(200 / 9, 9);
    expect(value('punct.slash', 'Good.<br />Bad.')).toBe(0);
  });

  it('letter shares and capitals', () => {
    expect(value('letter.a', 'Ab ba!')).toBe(0.5);
    expect(value('letter.uppercase', 'Ab ba!')).toBe(0.25);
    expect(value('letter.b', 'Good.<br />')).toBe(0); // "br" is markup
  });

  it('emojis and emoticons', () => {
    expect(value('emoji.count', 'Love it :) 😀')).toBe(2);
    expect(value('emoji.per-100-words', 'Love it :) 😀')).toBe(100); // 2 per 2 words
    expect(evidence('emoji.count', 'Love it :) 😀')).toEqual([':)', '😀']);
    // an emoticon and two emojis after one word
    expect(value('emoji.count', 'Yum :-) 😀😀')).toBe(3);
    expect(value('emoji.per-100-words', 'Yum :-) 😀😀')).toBe(300);
  });
});

describe('the registry', () => {
  it('lists every family of the issue, with dependency labels and morphology marked unavailable', () => {
    const ids = textFamilies.map((f) => f.id);
    for (const id of ['structure', 'readability', 'lexical', 'pos', 'pos2', 'fw', 'punct', 'letter', 'emoji', 'sentences', 'numbers', 'entities', 'experience', 'degree', 'hedges', 'negations', 'sentiment']) {
      expect(ids).toContain(id);
      expect(textFamilies.find((f) => f.id === id)!.features.length).toBeGreaterThan(0);
    }
    const unavailable = textFamilies.filter((f) => f.unavailable);
    expect(unavailable.map((f) => f.gram2vec)).toEqual(['dep_labels', 'morph_tags']);
    const gram2vec = textFamilies.map((f) => f.gram2vec).filter(Boolean);
    expect(gram2vec.sort()).toEqual(['dep_labels', 'emojis', 'func_words', 'letters', 'morph_tags', 'pos_bigrams', 'pos_unigrams', 'punctuation', 'sentences']);
  });

  it('featurise gives one row per doc and one column per chosen feature', () => {
    const docs = [analyse(SIMPLE), analyse('Wait, what?! Yes.')];
    const m = featurise(docs, ['structure', 'punct.comma']);
    expect(m.ids).toEqual([...selectFeatures(['structure']).map((f) => f.id), 'punct.comma']);
    expect([m.rows, m.cols]).toEqual([2, 7]);
    expect(m.values[0]).toBe(29); // row 0, structure.characters
    expect(m.values[m.cols + 6]).toBe(0.25); // row 1, punct.comma
  });
});
