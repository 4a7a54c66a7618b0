import { describe, expect, it } from 'vitest';
import { parseAuthoredTexts, parsePanPairs } from './inputs';
import { byAuthor, samplePairs, type AuthoredText } from './pairs';

const corpus = (authors: number, each: number): AuthoredText[] =>
  Array.from({ length: authors * each }, (_, i) => ({ id: `t${i}`, author: `A${Math.floor(i / each)}`, text: `text ${i}` }));

describe('pair sampler', () => {
  it('open protocol: balanced, seeded, authors disjoint between train, dev and test', () => {
    const texts = corpus(10, 6);
    const sets = samplePairs(texts, { seed: 3, protocol: 'open', pairs: { train: 40, dev: 20, test: 20 } });
    const authorsOf = (s: keyof typeof sets) => new Set(sets[s].flatMap((p) => [texts[p.a].author, texts[p.b].author]));
    const [tr, dv, te] = [authorsOf('train'), authorsOf('dev'), authorsOf('test')];
    for (const a of te) expect(tr.has(a) || dv.has(a)).toBe(false);
    for (const a of dv) expect(tr.has(a)).toBe(false);
    for (const s of ['train', 'dev', 'test'] as const) {
      expect(sets[s].filter((p) => p.same === 1).length).toBe(sets[s].length / 2);
      for (const p of sets[s]) {
        expect(p.a).not.toBe(p.b);
        expect(p.same).toBe(texts[p.a].author === texts[p.b].author ? 1 : 0);
      }
    }
    expect(samplePairs(texts, { seed: 3, protocol: 'open', pairs: { train: 40, dev: 20, test: 20 } })).toEqual(sets);
  });
  it('closed protocol: the same authors, texts disjoint between splits', () => {
    const texts = corpus(4, 10);
    const sets = samplePairs(texts, { seed: 1, protocol: 'closed', pairs: { train: 20, dev: 10, test: 10 } });
    const textsOf = (s: keyof typeof sets) => new Set(sets[s].flatMap((p) => [p.a, p.b]));
    const [tr, te] = [textsOf('train'), textsOf('test')];
    for (const t of te) expect(tr.has(t)).toBe(false);
    expect(new Set([...te].map((t) => texts[t].author)).size).toBe(4);
  });
  it('names an author with one text', () => {
    const texts = [...corpus(6, 3), { id: 'lone', author: 'Solo', text: 'only one' }];
    expect(() => samplePairs(texts, { seed: 1, protocol: 'open', pairs: { train: 4, dev: 2, test: 2 } })).toThrow(/author "Solo" has one text/);
    expect(byAuthor(texts).get('Solo')).toEqual([18]);
  });
});

describe('input formats', () => {
  it('reads texts with author ids (C50 layout) and names a missing author', () => {
    const t = parseAuthoredTexts('{"author":"X","file":"a.txt","text":"hi"}\n{"author":"Y","text":"yo"}\n', 'c50.jsonl');
    expect(t).toEqual([
      { id: 'a.txt', author: 'X', text: 'hi' },
      { id: '2', author: 'Y', text: 'yo' },
    ]);
    expect(() => parseAuthoredTexts('{"author":"X","text":"a"}\n{"text":"b"}\n', 'c.jsonl')).toThrow(/row 2 has no author id \(c\.jsonl, row 2, field author\)/);
  });
  it('reads PAN pairs with inline texts and with text ids', () => {
    const inline = parsePanPairs('{"id":"p1","pair":["one","two"]}\n', 'pairs.jsonl', '{"id":"p1","same":true,"authors":["a","a"]}\n', 'truth.jsonl');
    expect(inline.pairs).toEqual([{ id: 'p1', a: 0, b: 1, same: 1 }]);
    expect(inline.texts.map((t) => t.author)).toEqual(['a', 'a']);
    const known = [
      { id: 'x', author: 'A', text: 'x' },
      { id: 'y', author: 'B', text: 'y' },
    ];
    const byId = parsePanPairs('{"id":"q","a":"x","b":"y"}\n', 'pairs.jsonl', '{"id":"q","same":0}\n', 'truth.jsonl', known);
    expect(byId.pairs).toEqual([{ id: 'q', a: 0, b: 1, same: 0 }]);
  });
  it('names a pair naming a missing text id, and a label other than the allowed values', () => {
    const known = [{ id: 'x', author: 'A', text: 'x' }];
    expect(() => parsePanPairs('{"id":"q","a":"x","b":"zz"}\n', 'pairs.jsonl', '{"id":"q","same":1}\n', 'truth.jsonl', known)).toThrow(/names text "zz", which is not in the texts file \(pairs\.jsonl, row 1, field b\)/);
    expect(() => parsePanPairs('{"id":"q","a":"x","b":"x"}\n', 'pairs.jsonl', '\n{"id":"q","same":"maybe"}\n', 'truth.jsonl', known)).toThrow(/label "maybe" is not allowed.*truth\.jsonl, row 2, field same/);
    expect(() => parsePanPairs('{"id":"r","a":"x","b":"x"}\n', 'pairs.jsonl', '{"id":"q","same":1}\n', 'truth.jsonl', known)).toThrow(/pair "r" has no line in the truth file/);
  });
});

describe('pair sampler, few authors', () => {
  it('open protocol keeps two authors in dev and in test when 60/20/20 would leave one', () => {
    // 8 authors: 60/20/20 rounds to 5/2/1; the test split needs two authors for different-author pairs
    const texts = corpus(8, 4);
    const sets = samplePairs(texts, { seed: 2, protocol: 'open', pairs: { train: 10, dev: 6, test: 6 } });
    for (const s of ['dev', 'test'] as const) {
      expect(new Set(sets[s].flatMap((p) => [texts[p.a].author, texts[p.b].author])).size).toBe(2);
      expect(sets[s].some((p) => p.same === 0)).toBe(true);
    }
  });
});
