import type { Doc, Token } from '../nlp/analyse';
import { memo } from './types';

/** A word as people count them: "can't" and "it's" are one word, though wink splits them in two tokens. */
export interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** index of the word's first token */
  token: number;
  sentence: number;
}

/** Contraction tails that wink splits off ("n't", "'s", "'re", …), joined back to their word. */
const TAIL = /^(n't|n’t|'[a-z]*|’[a-z]*)$/i;

/** Tokens that are words (wink type 'word', outside markup), contraction tails joined back. */
export function words(doc: Doc): Word[] {
  return memo(doc, 'words', () => {
    const out: Word[] = [];
    doc.tokens.forEach((t, i) => {
      if (t.type !== 'word') return;
      const last = out[out.length - 1];
      if (last && TAIL.test(t.text) && t.start === last.end) {
        last.end = t.end;
        last.text = doc.text.slice(last.start, last.end);
        last.lower = last.text.toLowerCase();
        return;
      }
      out.push({ text: t.text, lower: t.lower, start: t.start, end: t.end, token: i, sentence: t.sentence });
    });
    return out;
  });
}

/** Tokens that are neither white space nor markup: what POS rates count. */
export function contentTokens(doc: Doc): Token[] {
  return memo(doc, 'contentTokens', () => doc.tokens.filter((t) => t.pos !== 'SPACE' && t.type !== 'markup' && t.type !== 'tabCRLF'));
}

/** Sentences holding at least one word (a lone emoji or "..." is not a sentence for readability). */
export function wordSentences(doc: Doc): number {
  return memo(doc, 'wordSentences', () => new Set(words(doc).map((w) => w.sentence)).size);
}

/** Paragraphs: runs of text between blank lines (or two `<br />` in a row, as scraped reviews have them). */
export function paragraphs(doc: Doc): { start: number; end: number }[] {
  return memo(doc, 'paragraphs', () => {
    const out: { start: number; end: number }[] = [];
    const breaks = /\n[ \t]*\n\s*|(?:<br\s*\/?>\s*){2,}/gi;
    let from = 0;
    const push = (a: number, b: number) => {
      const piece = doc.text.slice(a, b);
      const lead = piece.length - piece.trimStart().length;
      const trimmed = piece.trim();
      if (trimmed !== '') out.push({ start: a + lead, end: a + lead + trimmed.length });
    };
    for (const m of doc.text.matchAll(breaks)) {
      push(from, m.index);
      from = m.index + m[0].length;
    }
    push(from, doc.text.length);
    return out;
  });
}

/** Lines that start with a bullet (-, *, •) or a number and "." or ")". */
export function listItems(doc: Doc): { start: number; end: number }[] {
  return memo(doc, 'listItems', () => {
    const out: { start: number; end: number }[] = [];
    for (const m of doc.text.matchAll(/(^|\n|<br\s*\/?>)[ \t]*((?:[-*•]|\d{1,3}[.)])[ \t]+[^\n<]*)/gi)) {
      const start = m.index + m[1].length + (m[0].length - m[1].length - m[2].length);
      out.push({ start, end: start + m[2].trimEnd().length });
    }
    return out;
  });
}

/**
 * Syllables of an English word by rule (no dictionary): vowel groups, less a silent final e
 * ("make") but not "-le" ("table"), less "-ed" and "-es" endings that add no syllable
 * ("jumped", "makes"; not "created", "boxes"). Words of up to three letters have one. Right for
 * most common words; a rule cannot know "create" has three syllables, not two.
 */
export function syllables(word: string): number {
  let w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 0;
  if (w.length <= 3) return 1;
  w = w
    .replace(/([^laeiouy])e$/, '$1')
    .replace(/([^aeiouytd])ed$/, '$1')
    .replace(/([^aeiouysxzcgh])es$/, '$1')
    .replace(/^y/, '');
  return Math.max(1, (w.match(/[aeiouy]+/g) ?? []).length);
}

/** Finds word sequences (lower case, contractions joined) from a list of phrases; returns their spans. */
export function phraseMatches(doc: Doc, phrases: readonly string[]): { start: number; end: number; phrase: string }[] {
  const ws = words(doc);
  const split = phrases.map((p) => p.split(' '));
  const out: { start: number; end: number; phrase: string }[] = [];
  for (let i = 0; i < ws.length; i++) {
    // longest phrase first, so "kind of" wins over a shorter entry starting with "kind"
    let best: string[] | null = null;
    for (const p of split) {
      if (i + p.length > ws.length || (best && best.length >= p.length)) continue;
      if (p.every((part, k) => ws[i + k].lower === part)) best = p;
    }
    if (best) {
      out.push({ start: ws[i].start, end: ws[i + best.length - 1].end, phrase: best.join(' ') });
      i += best.length - 1;
    }
  }
  return out;
}
