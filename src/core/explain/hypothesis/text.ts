/**
 * The text hypothesis language (issue 19): token sets, word sets (lower-cased word forms, the
 * lemma a byte model can read), n-grams ending at the token, a regular expression over the word
 * holding the token, part of speech (the studio's tagger, text/nlp), the token's place in its
 * word and sentence, and the token before it. Rows are tokens of a dataset's token sidecar.
 */
import { analyse } from '../../text/nlp/analyse';
import type { AtomLanguage } from './tree';

export type TextAtom =
  | { kind: 'token'; tokens: string[] }
  | { kind: 'word'; words: string[] }
  /** the n tokens ending at this one are exactly these */
  | { kind: 'ngram'; tokens: string[] }
  /** the word holding the token matches (case-insensitive) */
  | { kind: 'regex'; source: string }
  | { kind: 'pos'; tags: string[] }
  | { kind: 'inWord'; where: 'start' | 'middle' | 'end' | 'whole' | 'outside' }
  | { kind: 'sentenceStart' }
  | { kind: 'prev'; tokens: string[] };

export interface TextRows {
  rows: number;
  /** each sequence's token strings (byte labels for the studio's text model) */
  sequences: readonly (readonly string[])[];
  seq: Uint32Array;
  pos: Uint32Array;
}

/** A byte label's character: the explorer's readable labels (text/lm/bytes.ts) back to text. */
const SPECIAL: Record<string, string> = { '↵': '\n', '⇥': '\t', '␂': '\u0002', '␠': ' ' };
const tokenText = (t: string) => SPECIAL[t] ?? (/·\d+$/.test(t) && t.length > 2 ? '\u0001' : t);
const WORD = /[\p{L}\p{N}'’]/u;

/** Per sequence: its text, each token's span in it, and the word (span) each token lies in. */
interface SeqView {
  text: string;
  start: Int32Array;
  end: Int32Array;
  wordStart: Int32Array;
  wordEnd: Int32Array;
  pos?: string[];
}

export type TextLanguage = AtomLanguage<TextAtom> & { view(seq: number): SeqView; tag(seq: number, pos: number): string };

export function textLanguage(rows: TextRows): TextLanguage {
  const views = new Map<number, SeqView>();
  const view = (s: number): SeqView => {
    let v = views.get(s);
    if (!v) views.set(s, (v = seqView(rows.sequences[s])));
    return v;
  };
  const posOf = (s: number): string[] => {
    const v = view(s);
    if (!v.pos) {
      const tags = new Array<string>(v.text.length).fill('SPACE');
      // the tagger reads the text with control characters (document start, continuation bytes) as spaces, same length
      for (const t of tagged(withoutControls(v.text))) for (let c = t.start; c < t.end; c++) tags[c] = t.pos;
      v.pos = Array.from(v.start, (c) => tags[c] ?? 'SPACE');
    }
    return v.pos;
  };
  const word = (s: number, p: number) => {
    const v = view(s);
    return v.wordStart[p] < 0 ? '' : v.text.slice(v.wordStart[p], v.wordEnd[p]).toLowerCase();
  };
  return {
    view,
    tag: (s, p) => posOf(s)[p],
    key: textAtomKey,
    render: renderTextAtom,
    truth(a) {
      const out = new Uint8Array(rows.rows);
      const set = new Set('tokens' in a ? a.tokens : 'words' in a ? a.words : 'tags' in a ? a.tags : []);
      const re = a.kind === 'regex' ? new RegExp(a.source, 'iu') : null;
      for (let r = 0; r < rows.rows; r++) {
        const s = rows.seq[r];
        const p = rows.pos[r];
        const toks = rows.sequences[s];
        let t = false;
        switch (a.kind) {
          case 'token':
            t = set.has(toks[p]);
            break;
          case 'word':
            t = set.has(word(s, p));
            break;
          case 'ngram': {
            const n = a.tokens.length;
            t = p + 1 >= n && a.tokens.every((x, i) => toks[p + 1 - n + i] === x);
            break;
          }
          case 'regex': {
            const w = word(s, p);
            t = w !== '' && re!.test(w);
            break;
          }
          case 'pos':
            t = set.has(posOf(s)[p]);
            break;
          case 'inWord': {
            const v = view(s);
            t = wordPlace(v, p) === a.where;
            break;
          }
          case 'sentenceStart': {
            const v = view(s);
            if (v.wordStart[p] < 0) break;
            const before = v.text.slice(0, v.wordStart[p]).trimEnd();
            t = before === '' || before.endsWith('\u0002') || /[.!?\n]["')\]]?$/.test(before);
            break;
          }
          case 'prev':
            t = p > 0 && set.has(toks[p - 1]);
            break;
        }
        out[r] = Number(t);
      }
      return out;
    },
  };
}

const withoutControls = (text: string) => text.split('').map((c) => (c.charCodeAt(0) < 9 ? ' ' : c)).join('');

/** The tagger's tokens; a window cut mid-sentence can trip wink's sentence bookkeeping, and then its words are untagged (X). */
function tagged(text: string): { start: number; end: number; pos: string }[] {
  try {
    return analyse(text).tokens;
  } catch {
    return [...text.matchAll(/[\p{L}\p{N}'’]+/gu)].map((m) => ({ start: m.index, end: m.index + m[0].length, pos: 'X' }));
  }
}

function seqView(tokens: readonly string[]): SeqView {
  const n = tokens.length;
  const start = new Int32Array(n);
  const end = new Int32Array(n);
  let text = '';
  tokens.forEach((t, i) => {
    start[i] = text.length;
    text += tokenText(t);
    end[i] = text.length;
  });
  const wordStart = new Int32Array(n).fill(-1);
  const wordEnd = new Int32Array(n).fill(-1);
  // words are maximal runs of letters, digits and apostrophes; a token overlapping one lies in it
  let c = 0;
  let k = 0;
  while (c < text.length) {
    if (!WORD.test(text[c])) {
      c++;
      continue;
    }
    let e = c;
    while (e < text.length && WORD.test(text[e])) e++;
    while (k < n && end[k] <= c) k++;
    for (let i = k; i < n && start[i] < e; i++) [wordStart[i], wordEnd[i]] = [c, e];
    c = e;
  }
  return { text, start, end, wordStart, wordEnd };
}

function wordPlace(v: SeqView, p: number): 'start' | 'middle' | 'end' | 'whole' | 'outside' {
  if (v.wordStart[p] < 0) return 'outside';
  const first = v.start[p] <= v.wordStart[p];
  const last = v.end[p] >= v.wordEnd[p];
  return first && last ? 'whole' : first ? 'start' : last ? 'end' : 'middle';
}

export function textAtomKey(a: TextAtom): string {
  switch (a.kind) {
    case 'token':
    case 'ngram':
    case 'prev':
      return `${a.kind}:${JSON.stringify(a.kind === 'ngram' ? a.tokens : [...a.tokens].sort())}`;
    case 'word':
      return `word:${JSON.stringify([...a.words].sort())}`;
    case 'pos':
      return `pos:${[...a.tags].sort().join(',')}`;
    case 'regex':
      return `regex:${a.source}`;
    case 'inWord':
      return `inWord:${a.where}`;
    case 'sentenceStart':
      return 'sentenceStart';
  }
}

const quoteList = (xs: readonly string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

export function renderTextAtom(a: TextAtom): string {
  switch (a.kind) {
    case 'token':
      return a.tokens.length === 1 ? `the token is ${JSON.stringify(a.tokens[0])}` : `the token is one of ${quoteList(a.tokens)}`;
    case 'word':
      return a.words.length === 1 ? `inside the word "${a.words[0]}"` : `inside one of the words ${quoteList(a.words)}`;
    case 'ngram':
      return `the text so far ends with ${JSON.stringify(a.tokens.join(''))}`;
    case 'regex':
      return `inside a word matching /${a.source}/`;
    case 'pos':
      return `inside a word tagged ${a.tags.join(' or ')}`;
    case 'inWord':
      return { start: 'at the start of a word', middle: 'in the middle of a word', end: 'at the end of a word', whole: 'a whole one-token word', outside: 'outside any word (space or punctuation)' }[a.where];
    case 'sentenceStart':
      return 'in the first word of a sentence';
    case 'prev':
      return a.tokens.length === 1 ? `right after ${JSON.stringify(a.tokens[0])}` : `right after one of ${quoteList(a.tokens)}`;
  }
}

/**
 * Atoms the exemplars could support: tokens, words, the n-grams and previous tokens common
 * among them, word endings as regexes, their POS tags, and the place-in-word atoms.
 */
export function textAtomsFrom(rows: TextRows, lang: TextLanguage, exemplars: readonly number[]): TextAtom[] {
  const count = <T>(xs: T[]) => {
    const m = new Map<string, number>();
    for (const x of xs) m.set(JSON.stringify(x), (m.get(JSON.stringify(x)) ?? 0) + 1);
    return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => ({ value: JSON.parse(k) as T, n }));
  };
  const tok = exemplars.map((r) => rows.sequences[rows.seq[r]][rows.pos[r]]);
  const prev = exemplars.map((r) => (rows.pos[r] > 0 ? rows.sequences[rows.seq[r]][rows.pos[r] - 1] : ''));
  const words = exemplars.map((r) => {
    const v = lang.view(rows.seq[r]);
    const p = rows.pos[r];
    return v.wordStart[p] < 0 ? '' : v.text.slice(v.wordStart[p], v.wordEnd[p]).toLowerCase();
  });
  const out: TextAtom[] = [];
  const toks = count(tok);
  for (const { value } of toks.slice(0, 4)) out.push({ kind: 'token', tokens: [value] });
  if (toks.length > 1) out.push({ kind: 'token', tokens: toks.slice(0, 3).map((t) => t.value) });
  const lowerSet = [...new Set(tok.flatMap((t) => (t.length === 1 && /\p{L}/u.test(t) ? [t.toLowerCase(), t.toUpperCase()] : [])))];
  if (lowerSet.length > 0 && lowerSet.length <= 6) out.push({ kind: 'token', tokens: lowerSet });
  for (const n of [2, 3]) {
    const grams = count(exemplars.map((r) => rows.sequences[rows.seq[r]].slice(Math.max(0, rows.pos[r] + 1 - n), rows.pos[r] + 1)).filter((g) => g.length === n));
    for (const { value, n: k } of grams.slice(0, 2)) if (k >= 2) out.push({ kind: 'ngram', tokens: value });
  }
  for (const { value, n } of count(prev).slice(0, 2)) if (n >= 2 && value !== '') out.push({ kind: 'prev', tokens: [value] });
  const ws = count(words.filter((w) => w !== ''));
  for (const { value, n } of ws.slice(0, 3)) if (n >= 2) out.push({ kind: 'word', words: [value] });
  if (ws.length > 1) out.push({ kind: 'word', words: ws.slice(0, 4).map((w) => w.value) });
  for (const len of [2, 3]) {
    for (const { value, n } of count(words.filter((w) => w.length > len).map((w) => w.slice(-len))).slice(0, 1)) {
      if (n >= 3) out.push({ kind: 'regex', source: `${escapeRegex(value)}$` });
    }
  }
  for (const where of ['start', 'middle', 'end', 'whole', 'outside'] as const) out.push({ kind: 'inWord', where });
  out.push({ kind: 'sentenceStart' });
  return out;
}

/** The POS atoms of the exemplars (tagging is the slow part, so only when asked). */
export function textPosAtoms(rows: TextRows, lang: TextLanguage, exemplars: readonly number[]): TextAtom[] {
  const tags = new Map<string, number>();
  for (const r of exemplars) {
    const tag = lang.tag(rows.seq[r], rows.pos[r]);
    tags.set(tag, (tags.get(tag) ?? 0) + 1);
  }
  return [...tags.entries()].filter(([tag, n]) => n >= 3 && tag !== 'SPACE').map(([tag]) => ({ kind: 'pos', tags: [tag] }));
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
