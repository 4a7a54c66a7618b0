import type { Doc } from '../../nlp/analyse';
import { feature, memo, per100, spans, type TextFamily } from '../types';
import { words } from '../units';

const SINGULAR = new Set(['i', 'me', 'my', 'mine', 'myself', "i'm", 'i’m', "i've", 'i’ve', "i'd", 'i’d', "i'll", 'i’ll']);
const PLURAL = new Set(['we', 'us', 'our', 'ours', 'ourselves', "we're", 'we’re', "we've", 'we’ve', "we'd", 'we’d', "we'll", 'we’ll']);
const SUBJECTS = /^(i|we)(['’](m|ve|d|ll))?$/;
/** Tags allowed between the pronoun and its verb: "I have never tried", "we really liked". */
const BETWEEN = new Set(['AUX', 'ADV', 'PART']);

/** "I bought", "we have tried", "I've never had": a first-person subject and the verb it does. */
const reports = (doc: Doc) =>
  memo(doc, 'experience', () => {
    const out: { start: number; end: number; note: string }[] = [];
    for (const w of words(doc)) {
      if (!SUBJECTS.test(w.lower)) continue;
      let j = w.token + 1;
      // the subject's own contraction tail ("'ve") is part of it
      while (j < doc.tokens.length && doc.tokens[j].start < w.end) j++;
      let hops = 0;
      while (j < doc.tokens.length && hops < 3 && BETWEEN.has(doc.tokens[j].pos) && doc.tokens[j].sentence === doc.tokens[w.token].sentence) {
        j++;
        hops++;
      }
      const verb = doc.tokens[j];
      if (verb && verb.pos === 'VERB' && verb.sentence === doc.tokens[w.token].sentence) out.push({ start: w.start, end: verb.end, note: 'first-person experience' });
    }
    return out;
  });

const pronouns = (doc: Doc, set: ReadonlySet<string>) => memo(doc, `pron:${set === SINGULAR ? 's' : 'p'}`, () => words(doc).filter((w) => set.has(w.lower)));

export const experienceFamily: TextFamily = {
  id: 'experience',
  title: 'First-person experience',
  description: 'First-person pronouns, and first-person subjects with their verb ("I bought", "we have tried"), per 100 words.',
  features: [
    feature('experience', 'first-person-singular', 'I, me, my, mine, myself (and I\'m, I\'ve, …) per 100 words.', (d) => per100(pronouns(d, SINGULAR).length, words(d).length), (d) => spans(pronouns(d, SINGULAR), 'first person singular')),
    feature('experience', 'first-person-plural', 'We, us, our, ours, ourselves per 100 words.', (d) => per100(pronouns(d, PLURAL).length, words(d).length), (d) => spans(pronouns(d, PLURAL), 'first person plural')),
    feature('experience', 'reports', 'First-person subject + verb (up to three auxiliaries, adverbs or particles between) per 100 words.', (d) => per100(reports(d).length, words(d).length), reports),
  ],
};
