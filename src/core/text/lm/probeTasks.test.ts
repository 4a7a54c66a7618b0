import { describe, expect, it } from 'vitest';
import { tokenRowPlaces } from './extract';
import { buildProbeSet, firstLetterWords, readTextProbeSet, TEXT_PROBE_PLANS } from './probeTasks';

describe('first-letter words of a byte model', () => {
  it('keeps each whole word of 2+ letters at its last letter, inside one context window', () => {
    // bytes:  0123456789012345678
    const a = "I'm at the cafés";
    const b = 'Go home now';
    const words = firstLetterWords([a, b], 8);
    // "I" and "m" are one letter; "at" ends at byte 5 (window of bytes 0–6); "the" starts at byte 7,
    // token 8, so it opens the second window and is kept at byte 9; "caf" runs into a multi-byte é;
    // in b (rows from 17 on, a has 17 bytes), "Go" ends at 1, "home" (bytes 3–6) stays in window 0,
    // "now" (8–10) is the end of the text, not closed by a byte the text shows
    expect(words).toEqual([
      { row: 5, doc: 0, letter: 0 },
      { row: 9, doc: 0, letter: 19 },
      { row: 17 + 1, doc: 1, letter: 6 },
      { row: 17 + 6, doc: 1, letter: 7 },
    ]);
    // the rows are those extractTextActivations writes: the same (document, byte) places
    const places = tokenRowPlaces([a, b], 8);
    expect(words.map((w) => [places.doc[w.row], places.byte[w.row]])).toEqual([[0, 5], [0, 9], [1, 1], [1, 6]]);
  });

  it('leaves out a word a window boundary cuts, and words past maxBytes', () => {
    // context 4: bytes 0–2 are window 0 (token 0 is DOC_START), 3–6 window 1, 7– window 2: "efg"
    // (bytes 6–8) starts in window 1 and ends in window 2
    expect(firstLetterWords(['ab cd efg.'], 4).map((w) => w.row)).toEqual([1, 4]);
    expect(firstLetterWords(['ab cd efg.'], 64).map((w) => w.row)).toEqual([1, 4, 8]);
    expect(firstLetterWords(['ab cd efg.'], 64, 5).map((w) => w.row)).toEqual([1]);
  });
});

describe('document tasks', () => {
  it('one-vs-rest within a group, 5 vs 1 stars, each class split by its last share', () => {
    const set = buildProbeSet(
      [
        { group: 'score', name: '1 star', texts: ['a', 'b', 'c', 'd'] },
        { group: 'score', name: '5 stars', texts: ['e', 'f', 'g', 'h'] },
        { group: 'author', name: 'X', texts: ['i', 'j'] },
        { group: 'author', name: 'Y', texts: ['k', 'l'] },
      ],
      { testShare: 0.25, maxBytes: 64 },
    );
    expect(Array.from(set.isTest)).toEqual([0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0, 1]);
    expect(set.tasks.map((t) => t.name)).toEqual(['sentiment: 5 vs 1 stars', 'score: 1 star', 'score: 5 stars', 'author: X', 'author: Y']);
    const [sentiment, , , x] = set.tasks;
    expect(Array.from(sentiment.train)).toEqual([0, 1, 2, 4, 5, 6]);
    expect(Array.from(sentiment.test)).toEqual([3, 7]);
    expect(Array.from(sentiment.train, (d) => sentiment.labels[d])).toEqual([0, 0, 0, 1, 1, 1]);
    // an author task never reads the reviews
    expect(Array.from(x.train)).toEqual([8, 10]);
    expect(Array.from(x.test, (d) => x.labels[d])).toEqual([1, 0]);
  });

  it('reads the shipped samples (resources/corpora Fine Food, CC0; resources/authorship C50, CC BY 4.0)', async () => {
    const set = await readTextProbeSet(TEXT_PROBE_PLANS.tiny);
    const plan = TEXT_PROBE_PLANS.tiny;
    expect(set.texts).toHaveLength(5 * plan.reviewsPerScore + plan.authors * plan.textsPerAuthor);
    expect(set.tasks).toHaveLength(1 + 5 + plan.authors);
    expect(set.tasks[0].train.length).toBe(2 * (plan.reviewsPerScore - Math.round(plan.reviewsPerScore * plan.testShare)));
  });
});
