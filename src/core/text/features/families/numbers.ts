import type { Doc, Token } from '../../nlp/analyse';
import { feature, memo, per100, spans, type TextFamily } from '../types';
import { words } from '../units';

/** Units a number may carry in product and everyday text (the next word after the number). */
export const UNITS = new Set([
  '%', 'percent', 'oz', 'ounce', 'ounces', 'lb', 'lbs', 'pound', 'pounds', 'g', 'gram', 'grams', 'kg', 'mg', 'ml', 'l', 'liter', 'liters', 'litre', 'litres',
  'cup', 'cups', 'tbsp', 'tsp', 'tablespoon', 'tablespoons', 'teaspoon', 'teaspoons', 'calorie', 'calories', 'cal', 'kcal',
  'inch', 'inches', 'in', 'ft', 'feet', 'foot', 'cm', 'mm', 'm', 'km', 'mile', 'miles',
  'second', 'seconds', 'minute', 'minutes', 'min', 'hour', 'hours', 'hr', 'hrs', 'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years',
  'pack', 'packs', 'box', 'boxes', 'can', 'cans', 'bag', 'bags', 'bottle', 'bottles', 'piece', 'pieces', 'count', 'ct',
  'dollar', 'dollars', 'cent', 'cents', 'bucks',
]);

const NUMBER_TYPES = new Set(['number', 'ordinal', 'decade']);

/** Number tokens, and those followed by a unit ("12 oz", "3 cups", "50%"). */
const numbers = (doc: Doc) =>
  memo(doc, 'numbers', () => {
    const all: Token[] = [];
    const withUnit: { start: number; end: number; note: string }[] = [];
    doc.tokens.forEach((t, i) => {
      if (!NUMBER_TYPES.has(t.type)) return;
      all.push(t);
      let j = i + 1;
      while (j < doc.tokens.length && doc.tokens[j].pos === 'SPACE') j++;
      const next = doc.tokens[j];
      // "-" joins "12-oz"
      const unit = next?.text === '-' && doc.tokens[j + 1] ? doc.tokens[j + 1] : next;
      if (unit && UNITS.has(unit.lower)) withUnit.push({ start: t.start, end: unit.end, note: `number with unit "${unit.lower}"` });
    });
    return { all, withUnit };
  });

export const numberFamily: TextFamily = {
  id: 'numbers',
  title: 'Numbers and units',
  description: 'Numbers, and numbers with a unit of measure, per 100 words.',
  features: [
    feature('numbers', 'per-100-words', 'Numbers (cardinal, ordinal, decades) per 100 words.', (d) => per100(numbers(d).all.length, words(d).length), (d) => spans(numbers(d).all, 'number')),
    feature('numbers', 'with-unit-per-100-words', 'Numbers followed by a unit (oz, cups, %, days, …) per 100 words.', (d) => per100(numbers(d).withUnit.length, words(d).length), (d) => numbers(d).withUnit),
  ],
};

/** The entity types wink-nlp's English lite model finds (it has no person, organisation or place). */
export const ENTITY_TYPES = ['DATE', 'TIME', 'DURATION', 'MONEY', 'PERCENT', 'CARDINAL', 'ORDINAL', 'URL', 'EMAIL', 'HASHTAG', 'MENTION'] as const;

/** Runs of proper nouns ("Dr. Smith", "New York"): where names are, since the model has no person or place entities. */
const properNounRuns = (doc: Doc) =>
  memo(doc, 'properNouns', () => {
    const runs: { start: number; end: number }[] = [];
    let prev = -2;
    doc.tokens.forEach((t, i) => {
      if (t.pos !== 'PROPN' || t.type === 'markup') return;
      if (prev === i - 1 && runs.length) runs[runs.length - 1].end = t.end;
      else runs.push({ start: t.start, end: t.end });
      prev = i;
    });
    return runs;
  });

export const entityFamily: TextFamily = {
  id: 'entities',
  title: 'Named entities',
  description: "Entities per 100 words by type (wink-nlp's lite model: dates, times, money, numbers, URLs, …), and runs of proper nouns as the names it cannot type.",
  features: [
    feature('entities', 'proper-noun-phrases', 'Runs of proper nouns (names of people, places, brands) per 100 words.', (d) => per100(properNounRuns(d).length, words(d).length), (d) => spans(properNounRuns(d), 'proper noun')),
    ...ENTITY_TYPES.map((type) =>
      feature(
        'entities',
        type,
        `${type} entities per 100 words.`,
        (d) => per100(d.entities.filter((e) => e.type === type).length, words(d).length),
        (d) => spans(d.entities.filter((e) => e.type === type), type),
      ),
    ),
  ],
};
