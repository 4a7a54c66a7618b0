import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { analyse } from '../../text/nlp/analyse';
import { evaluate, parseExpr, parseFeatureDef, type Expr } from './language';

// Hand-checked on one sentence whose tokens are known (wink: 16 words, 3 sentences, 66 chars, $5 MONEY).
const TEXT = 'I love this tea. It costs $5 and I bought 3 boxes! Not bad at all.';
const doc = analyse(TEXT);
const value = (e: unknown) => evaluate(doc, parseExpr(e, 'e')).value;
const spans = (e: unknown) => evaluate(doc, parseExpr(e, 'e')).evidence.map((s) => TEXT.slice(s.start, s.end));

describe('review feature language: values on a hand-checked text', () => {
  it('counts, rates, presence, lengths and positions', () => {
    expect(value({ count: { words: ['i'] } })).toBe(2);
    expect(spans({ count: { words: ['I'] } })).toEqual(['I', 'I']);
    expect(value({ rate: { words: ['i'] }, per: 'words' })).toBeCloseTo((100 * 2) / 16, 12);
    expect(value({ rate: { words: ['i'] }, per: 'sentences' })).toBeCloseTo(200 / 3, 12);
    expect(value({ length: 'words' })).toBe(16);
    expect(value({ length: 'chars' })).toBe(66);
    expect(value({ presence: { phrases: ['bought 3'] } })).toBe(1);
    expect(spans({ count: { phrases: ['Bought  3'] } })).toEqual(['bought 3']);
    expect(value({ count: { prefixes: ['bo'] } })).toBe(2);
    expect(value({ position: { words: ['tea'] } })).toBeCloseTo(12 / 66, 12);
    expect(value({ position: { words: ['coffee'] } })).toBe(1);
  });

  it('POS, negation, entities and patterns', () => {
    expect(spans({ count: { pos: ['adj'] } })).toEqual(['bad']);
    expect(value({ count: { pos: ['ADJ'], negated: true } })).toBe(1);
    expect(value({ count: { pos: ['ADJ'], negated: false } })).toBe(0);
    expect(spans({ count: { entities: ['MONEY'] } })).toEqual(['$5']);
    expect(spans({ count: { regex: '\\$\\d+' } })).toEqual(['$5']);
    expect(value({ count: { regex: 'not', flags: 'i' } })).toBe(1);
  });

  it('ratios, log1p and registry features', () => {
    expect(value({ ratio: [{ count: { words: ['i'] } }, { length: 'sentences' }] })).toBeCloseTo(2 / 3, 12);
    expect(value({ ratio: [{ count: { words: ['i'] } }, { count: { words: ['zebra'] } }] })).toBe(0);
    expect(value({ log1p: { count: { words: ['i'] } } })).toBeCloseTo(Math.log(3), 12);
    // a signed lexicon: (love, bought) − (bad, costs) per 100 words, each span marked with its side
    const lexicon = { difference: [{ rate: { words: ['love', 'bought'] }, per: 'words' }, { rate: { words: ['bad', 'costs'] }, per: 'words' }] };
    expect(value({ difference: [{ count: { words: ['love', 'bought', 'i'] } }, { count: { words: ['bad'] } }] })).toBe(3);
    expect(value(lexicon)).toBeCloseTo(0, 12);
    expect(evaluate(doc, parseExpr(lexicon, 'e')).evidence.map((s) => `${s.note} ${TEXT.slice(s.start, s.end)}`)).toEqual(['+ "love" love', '− "costs" costs', '+ "bought" bought', '− "bad" bad']);
    expect(value({ registry: 'structure.words' })).toBeGreaterThan(10);
  });
});

describe('review feature language: malformed definitions name the field', () => {
  const whereOf = (input: unknown): string | undefined => {
    try {
      parseFeatureDef(input);
    } catch (err) {
      expect(err).toBeInstanceOf(StudioError);
      return (err as StudioError).where;
    }
    return 'parsed';
  };
  it.each([
    [{ name: 'x' }, 'definition.value'],
    [{ name: 'x', value: { rate: { words: ['a'] }, per: 'lines' } }, 'definition.value.per'],
    [{ name: 'x', value: { count: { regex: '(' } } }, 'definition.value.count.regex'],
    [{ name: 'x', value: { rate: { pos: ['ADJECTIVE'] }, per: 'words' } }, 'definition.value.rate.pos[0]'],
    [{ name: 'x', value: { count: { words: [] } } }, 'definition.value.count.words'],
    [{ name: 'x', value: { count: { words: ['a'], colour: 1 } } }, 'definition.value.count.colour'],
    [{ name: 'x', value: { registry: 'no.such' } }, 'definition.value.registry'],
    [{ name: 'x', value: { ratio: [{ length: 'words' }] } }, 'definition.value.ratio'],
    [{ name: 'x', value: { ratio: [{ length: 'words' }, { sum: 1 }] } }, 'definition.value.ratio[1]'],
    [{ name: 'bad name!', value: { length: 'words' } }, 'definition.name'],
    ['{not json', 'definition'],
  ])('%j → %s', (input, where) => {
    expect(whereOf(input)).toBe(where);
  });

  it('keeps a valid definition and describes it', () => {
    const def = parseFeatureDef('{"name": "money", "value": {"count": {"entities": ["money"]}}}');
    expect(def.value as Expr).toEqual({ count: { entities: ['MONEY'] } });
    expect(def.description).toBe('number of MONEY entities');
  });
});
