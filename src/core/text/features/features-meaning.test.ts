import { describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { analyse } from '../nlp/analyse';
import { textFeature, textFeatures } from './index';

// Every expected value below is worked out by hand from the text in the test (the comment shows the sum).
const value = (id: string, text: string) => textFeature(id).compute(analyse(text));
const evidence = (id: string, text: string) => textFeature(id).evidence(analyse(text)).map((e) => text.slice(e.start, e.end));

// 16 words: We have never tried a better tea It is the best but maybe not the cheapest
const TEA = 'We have never tried a better tea. It is the best, but maybe not the cheapest.';
// 6 words (numbers are not words): I bought oz for on May
const BOUGHT = 'I bought 12 oz for $5 on 3rd May.';
const MIXED = 'Buy it now! Is it good? Please don\'t wait.';

describe('sentence types', () => {
  it('questions, exclamations and imperatives', () => {
    expect(value('sentences.question-share', MIXED)).toBeCloseTo(1 / 3, 12);
    expect(value('sentences.exclamation-share', MIXED)).toBeCloseTo(1 / 3, 12);
    // "Buy it now!" and "Please don't wait." open with a base-form verb after softeners
    expect(evidence('sentences.imperative-share', MIXED)).toEqual(['Buy it now!', "Please don't wait."]);
    expect(value('sentences.imperative-share', 'The dog runs. The cat sleeps.')).toBe(0);
  });
});

describe('first-person experience', () => {
  it('pronouns and subject + verb reports per 100 words', () => {
    expect(value('experience.first-person-plural', TEA)).toBe(6.25); // 1 of 16
    expect(evidence('experience.reports', TEA)).toEqual(['We have never tried']);
    expect(value('experience.first-person-singular', BOUGHT)).toBeCloseTo(100 / 6, 9);
    expect(value('experience.reports', BOUGHT)).toBeCloseTo(100 / 6, 9);
  });
});

describe('comparatives and superlatives', () => {
  it('irregular forms, -er/-est and more/most + adjective', () => {
    expect(value('degree.comparatives', TEA)).toBe(6.25); // better
    expect(evidence('degree.superlatives', TEA)).toEqual(['best', 'cheapest']);
    expect(value('degree.superlatives', TEA)).toBe(12.5);
    // "most delicious" is one superlative in 6 words
    expect(evidence('degree.superlatives', 'It is the most delicious tea.')).toEqual(['most delicious']);
    expect(value('degree.superlatives', 'It is the most delicious tea.')).toBeCloseTo(100 / 6, 9);
    expect(value('degree.comparatives', 'It is the most delicious tea.')).toBe(0);
  });
});

describe('hedges and negations', () => {
  it('hedges per 100 words, a phrase counting once', () => {
    expect(value('hedges.per-100-words', TEA)).toBe(6.25); // maybe
    const hedged = 'I think it might be kind of sweet.'; // 8 words; i think, might, kind of
    expect(evidence('hedges.per-100-words', hedged)).toEqual(['I think', 'might', 'kind of']);
    expect(value('hedges.per-100-words', hedged)).toBe(37.5);
  });

  it('negation words and the share of words in their scope', () => {
    expect(evidence('negations.per-100-words', TEA)).toEqual(['never', 'not']);
    expect(value('negations.per-100-words', TEA)).toBe(12.5);
    // the scope runs to the end of the clause: "tried a better tea", "the cheapest"
    expect(value('negations.scope-share', TEA)).toBe(6 / 16);
    expect(value('negations.per-100-words', "I don't know.")).toBeCloseTo(100 / 3, 9);
  });
});

describe('numbers, units and entities', () => {
  it('numbers and numbers with a unit per 100 words', () => {
    expect(value('numbers.per-100-words', BOUGHT)).toBe(50); // 12, 5, 3rd
    expect(evidence('numbers.with-unit-per-100-words', BOUGHT)).toEqual(['12 oz']);
    // 7 words (Add cups of water and wait minutes), 2 numbers, both with a unit
    const recipe = 'Add 2 cups of water and wait 10 minutes.';
    expect(value('numbers.per-100-words', recipe)).toBeCloseTo(200 / 7, 9);
    expect(evidence('numbers.with-unit-per-100-words', recipe)).toEqual(['2 cups', '10 minutes']);
    expect(value('entities.DURATION', recipe)).toBeCloseTo(100 / 7, 9);
  });

  it('entities by type and proper-noun runs', () => {
    for (const type of ['CARDINAL', 'MONEY', 'DATE']) expect(value(`entities.${type}`, BOUGHT)).toBeCloseTo(100 / 6, 9);
    expect(evidence('entities.DATE', BOUGHT)).toEqual(['3rd May']);
    expect(evidence('entities.proper-noun-phrases', 'Dr. Smith paid $5.50.')).toEqual(['Dr. Smith']);
  });
});

describe('sentiment', () => {
  it('the text score and the shares of positive and negative sentences', () => {
    const text = 'This is good. This is bad. This is a table.';
    expect(value('sentiment.positive-share', text)).toBeCloseTo(1 / 3, 12);
    expect(value('sentiment.negative-share', text)).toBeCloseTo(1 / 3, 12);
    expect(evidence('sentiment.negative-share', text)).toEqual(['This is bad.']);
    expect(value('sentiment.score', 'I love this.')).toBeGreaterThan(0);
    expect(value('sentiment.score', 'I hate this.')).toBeLessThan(0);
  });
});

describe('evidence on real reviews', () => {
  it('every span of every feature lies inside its text, on the first reviews of the shipped CSV', async () => {
    // Amazon Fine Food Reviews (SNAP / Kaggle, CC0): ../shared/data/reviews/SOURCES.md
    const csv = path.resolve(__dirname, '../../../../../shared/data/reviews/amazon_fine_food_reviews_first5k.csv');
    const head = (await fs.readFile(csv, 'utf8')).split('\n').slice(0, 200).join('\n');
    const texts = (parse(head, { columns: true, to: 30 }) as { Text: string }[]).map((r) => r.Text);
    expect(texts.length).toBe(30);
    for (const text of texts) {
      const doc = analyse(text);
      for (const f of textFeatures) {
        expect(Number.isFinite(f.compute(doc))).toBe(true);
        for (const e of f.evidence(doc)) {
          expect(e.start).toBeGreaterThanOrEqual(0);
          expect(e.end).toBeGreaterThanOrEqual(e.start);
          expect(e.end).toBeLessThanOrEqual(text.length);
        }
      }
    }
  });
});
