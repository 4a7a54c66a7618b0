import type { Doc } from '../../nlp/analyse';
import { feature, memo, ratio, type Evidence, type TextFamily } from '../types';
import { words } from '../units';

const F = 'lexical';

/** MTLD's TTR threshold (McCarthy & Jarvis 2010). */
export const MTLD_THRESHOLD = 0.72;

interface Pass {
  factors: number;
  /** [first, last] word indices of each full factor */
  segments: [number, number][];
}

/**
 * One MTLD pass: walk the words, keeping the type–token ratio of the current segment; when it
 * falls to the threshold the segment is a full factor and a new one starts. What is left counts
 * as the fraction (1 − TTR) / (1 − threshold) of a factor.
 */
function mtldPass(tokens: readonly string[]): Pass {
  const segments: [number, number][] = [];
  let factors = 0;
  let types = new Set<string>();
  let count = 0;
  let from = 0;
  tokens.forEach((t, i) => {
    types.add(t);
    count++;
    if (types.size / count <= MTLD_THRESHOLD) {
      factors++;
      segments.push([from, i]);
      types = new Set();
      count = 0;
      from = i + 1;
    }
  });
  if (count > 0) factors += (1 - types.size / count) / (1 - MTLD_THRESHOLD);
  return { factors, segments };
}

/** MTLD: the mean of a forward and a backward pass of words / factors; a text too varied to complete any factor gets its word count. */
export function mtld(tokens: readonly string[]): number {
  if (tokens.length === 0) return 0;
  const score = (p: Pass) => (p.factors > 0 ? tokens.length / p.factors : tokens.length);
  return (score(mtldPass(tokens)) + score(mtldPass([...tokens].reverse()))) / 2;
}

const lowerWords = (doc: Doc) => memo(doc, 'lowerWords', () => words(doc).map((w) => w.lower));

function firstUses(doc: Doc): Evidence[] {
  const seen = new Set<string>();
  return words(doc).flatMap((w) => (seen.has(w.lower) ? [] : (seen.add(w.lower), [{ start: w.start, end: w.end, note: 'first use' }])));
}

function mtldFactors(doc: Doc): Evidence[] {
  const ws = words(doc);
  return mtldPass(lowerWords(doc)).segments.map(([a, b], i) => ({ start: ws[a].start, end: ws[b].end, note: `factor ${i + 1}: TTR fell to ${MTLD_THRESHOLD}` }));
}

export const lexicalFamily: TextFamily = {
  id: F,
  title: 'Lexical richness',
  description: 'How varied the vocabulary is: type–token ratio and MTLD (which, unlike TTR, does not fall with length).',
  features: [
    feature(F, 'type-token-ratio', 'Distinct words / words (case-folded).', (d) => ratio(new Set(lowerWords(d)).size, lowerWords(d).length), firstUses),
    feature(F, 'mtld', 'Measure of textual lexical diversity (McCarthy & Jarvis 2010), threshold 0.72: mean words per segment before TTR falls to the threshold.', (d) => mtld(lowerWords(d)), mtldFactors),
  ],
};
