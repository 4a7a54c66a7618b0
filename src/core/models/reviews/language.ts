import { StudioError } from '../../../shared/errors';
import type { Evidence } from '../../../shared/schemas/corpus';
import type { Doc, Token } from '../../text/nlp/analyse';
import { textFeature } from '../../text/features/registry';

/**
 * The review feature language: the studio's replacement for AutoQual's LLM-written CODE tools
 * (ALGORITHMS-DETAIL §8, "a sandboxed feature-DSL … never eval arbitrary code"). A feature is a
 * small JSON value over the analysed doc (text/nlp `analyse`), parsed and checked here and
 * evaluated by the studio, returning a number and the character spans behind it.
 *
 *   expr    := {"count": matcher} | {"presence": matcher} | {"rate": matcher, "per": unit}
 *            | {"position": matcher} | {"length": unit} | {"registry": "<family>.<name>"}
 *            | {"ratio": [expr, expr]} | {"difference": [expr, expr]} | {"log1p": expr}
 *            | {"prompt": {"criterion": "…", "model": "…"}}   (PROMPT: a language model's 1–10, opt-in, prompt.ts)
 *   matcher := {"words": [..]} | {"prefixes": [..]} | {"phrases": [..]} | {"pos": [..]}
 *            | {"entities": [..]} | {"regex": "…", "flags"?: "i"} ; any may add "negated": true|false
 *   unit    := "words" | "sentences" | "chars"
 */
export type Unit = 'words' | 'sentences' | 'chars';
export type Matcher =
  | { words: string[]; negated?: boolean }
  | { prefixes: string[]; negated?: boolean }
  | { phrases: string[]; negated?: boolean }
  | { pos: string[]; negated?: boolean }
  | { entities: string[] }
  | { regex: string; flags?: string };
export type Expr =
  | { count: Matcher }
  | { presence: Matcher }
  | { rate: Matcher; per: Unit }
  | { position: Matcher }
  | { length: Unit }
  | { registry: string }
  | { ratio: [Expr, Expr] }
  | { difference: [Expr, Expr] }
  | { log1p: Expr }
  | { prompt: { criterion: string; model: string } };

/** A feature as stored and proposed: a stable name, one line of English, and its expression. */
export interface FeatureDef {
  name: string;
  description: string;
  value: Expr;
}

export const POS_TAGS = ['ADJ', 'ADP', 'ADV', 'AUX', 'CCONJ', 'DET', 'INTJ', 'NOUN', 'NUM', 'PART', 'PRON', 'PROPN', 'PUNCT', 'SCONJ', 'SYM', 'VERB', 'X'] as const;
export const ENTITY_TYPES = ['DATE', 'TIME', 'DURATION', 'MONEY', 'PERCENT', 'CARDINAL', 'ORDINAL', 'URL', 'EMAIL', 'HASHTAG', 'MENTION', 'EMOJI', 'EMOTICON'] as const;
const UNITS: readonly Unit[] = ['words', 'sentences', 'chars'];
const EXPR_KEYS = ['count', 'presence', 'rate', 'position', 'length', 'registry', 'ratio', 'difference', 'log1p', 'prompt'];
const MATCHER_KEYS = ['words', 'prefixes', 'phrases', 'pos', 'entities', 'regex'];
/** Caps that keep a proposed definition cheap to evaluate (a regex is also length-capped against pathological patterns). */
const MAX_LIST = 200;
const MAX_REGEX = 120;
const MAX_DEPTH = 4;

const fail = (where: string, message: string): never => {
  throw new StudioError('bad-input', message, where);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function stringList(v: unknown, where: string, check?: (s: string, at: string) => string): string[] {
  if (!Array.isArray(v) || v.length === 0) fail(where, 'expected a non-empty list of strings');
  const list = v as unknown[];
  if (list.length > MAX_LIST) fail(where, `at most ${MAX_LIST} entries, got ${list.length}`);
  return list.map((s, i) => {
    if (typeof s !== 'string' || s.trim() === '') fail(`${where}[${i}]`, 'expected a non-empty string');
    return check ? check(s as string, `${where}[${i}]`) : (s as string).toLowerCase().trim();
  });
}

function only(obj: Record<string, unknown>, allowed: readonly string[], where: string): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(`${where}.${k}`, `unknown field "${k}" (allowed here: ${allowed.join(', ')})`);
}

function parseMatcher(v: unknown, where: string): Matcher {
  if (!isObject(v)) return fail(where, `expected a matcher object with one of ${MATCHER_KEYS.join(', ')}`);
  const kinds = MATCHER_KEYS.filter((k) => k in v);
  if (kinds.length !== 1) return fail(where, `a matcher names exactly one of ${MATCHER_KEYS.join(', ')} (found ${kinds.length ? kinds.join(', ') : 'none'})`);
  const kind = kinds[0];
  const at = `${where}.${kind}`;
  const negated = (): boolean | undefined => {
    if (!('negated' in v)) return undefined;
    if (typeof v.negated !== 'boolean') fail(`${where}.negated`, 'expected true or false');
    return v.negated as boolean;
  };
  switch (kind) {
    case 'words':
    case 'prefixes':
      only(v, [kind, 'negated'], where);
      return { [kind]: stringList(v[kind], at), ...(negated() !== undefined ? { negated: negated() } : {}) } as Matcher;
    case 'phrases':
      only(v, [kind, 'negated'], where);
      return { phrases: stringList(v.phrases, at, (s) => s.toLowerCase().trim().split(/\s+/).join(' ')), ...(negated() !== undefined ? { negated: negated() } : {}) };
    case 'pos':
      only(v, ['pos', 'negated'], where);
      return { pos: stringList(v.pos, at, (s, a) => (POS_TAGS.includes(s.toUpperCase() as (typeof POS_TAGS)[number]) ? s.toUpperCase() : fail(a, `"${s}" is not a POS tag (${POS_TAGS.join(' ')})`))), ...(negated() !== undefined ? { negated: negated() } : {}) };
    case 'entities':
      only(v, ['entities'], where);
      return { entities: stringList(v.entities, at, (s, a) => (ENTITY_TYPES.includes(s.toUpperCase() as (typeof ENTITY_TYPES)[number]) ? s.toUpperCase() : fail(a, `"${s}" is not an entity type (${ENTITY_TYPES.join(' ')})`))) };
    default: {
      only(v, ['regex', 'flags'], where);
      if (typeof v.regex !== 'string' || v.regex === '') return fail(at, 'expected a non-empty regular expression');
      if (v.regex.length > MAX_REGEX) return fail(at, `at most ${MAX_REGEX} characters`);
      const flags = v.flags === undefined ? '' : v.flags;
      if (typeof flags !== 'string' || !/^i?$/.test(flags)) return fail(`${where}.flags`, 'only "i" (ignore case) is allowed');
      try {
        new RegExp(v.regex, `g${flags}`);
      } catch (err) {
        return fail(at, `not a valid regular expression: ${(err as Error).message}`);
      }
      return flags ? { regex: v.regex, flags } : { regex: v.regex };
    }
  }
}

function parseUnit(v: unknown, where: string): Unit {
  if (!UNITS.includes(v as Unit)) fail(where, `expected one of ${UNITS.join(', ')}, got ${JSON.stringify(v)}`);
  return v as Unit;
}

export function parseExpr(v: unknown, where: string, depth = 0): Expr {
  if (depth > MAX_DEPTH) fail(where, `expressions nest at most ${MAX_DEPTH} deep`);
  if (!isObject(v)) return fail(where, `expected an expression object with one of ${EXPR_KEYS.join(', ')}`);
  const kinds = EXPR_KEYS.filter((k) => k in v);
  if (kinds.length !== 1) return fail(where, `an expression names exactly one of ${EXPR_KEYS.join(', ')} (found ${kinds.length ? kinds.join(', ') : 'none'})`);
  const kind = kinds[0];
  const at = `${where}.${kind}`;
  switch (kind) {
    case 'count':
    case 'presence':
    case 'position':
      only(v, [kind], where);
      return { [kind]: parseMatcher(v[kind], at) } as Expr;
    case 'rate':
      only(v, ['rate', 'per'], where);
      return { rate: parseMatcher(v.rate, at), per: parseUnit(v.per, `${where}.per`) };
    case 'length':
      only(v, ['length'], where);
      return { length: parseUnit(v.length, at) };
    case 'registry':
      only(v, ['registry'], where);
      if (typeof v.registry !== 'string') return fail(at, 'expected a text feature id such as "structure.words"');
      try {
        textFeature(v.registry);
      } catch {
        return fail(at, `no text feature "${v.registry}"`);
      }
      return { registry: v.registry };
    case 'ratio':
      only(v, ['ratio'], where);
      if (!Array.isArray(v.ratio) || v.ratio.length !== 2) return fail(at, 'expected [numerator, denominator]');
      return { ratio: [parseExpr(v.ratio[0], `${at}[0]`, depth + 1), parseExpr(v.ratio[1], `${at}[1]`, depth + 1)] };
    case 'difference':
      only(v, ['difference'], where);
      if (!Array.isArray(v.difference) || v.difference.length !== 2) return fail(at, 'expected [plus, minus]');
      return { difference: [parseExpr(v.difference[0], `${at}[0]`, depth + 1), parseExpr(v.difference[1], `${at}[1]`, depth + 1)] };
    case 'prompt': {
      only(v, ['prompt'], where);
      const p = v.prompt;
      if (!isObject(p)) return fail(at, 'expected {"criterion": "…", "model": "…"}');
      only(p, ['criterion', 'model'], at);
      if (typeof p.criterion !== 'string' || p.criterion.trim() === '' || p.criterion.length > 500) return fail(`${at}.criterion`, 'expected the question the model scores, 1–500 characters');
      if (typeof p.model !== 'string' || p.model.trim() === '') return fail(`${at}.model`, 'expected the model name the scores came from');
      return { prompt: { criterion: p.criterion, model: p.model } };
    }
    default:
      only(v, ['log1p'], where);
      return { log1p: parseExpr(v.log1p, at, depth + 1) };
  }
}

/** Parses and checks a feature definition (an object or JSON text); errors name the field, e.g. `definition.value.rate.per`. */
export function parseFeatureDef(input: unknown, where = 'definition'): FeatureDef {
  let v = input;
  if (typeof input === 'string') {
    try {
      v = JSON.parse(input);
    } catch (err) {
      fail(where, `not JSON: ${(err as Error).message}`);
    }
  }
  if (!isObject(v)) return fail(where, 'expected an object {name, description, value}');
  only(v, ['name', 'description', 'value'], where);
  if (typeof v.name !== 'string' || !/^[\w.:@/+-]{1,80}$/.test(v.name)) fail(`${where}.name`, 'expected a name of 1–80 letters, digits or . _ - : / + @');
  if (v.description !== undefined && typeof v.description !== 'string') fail(`${where}.description`, 'expected a string');
  if (!('value' in v)) fail(`${where}.value`, 'missing: the expression the feature computes');
  const value = parseExpr(v.value, `${where}.value`);
  return { name: v.name as string, description: (v.description as string | undefined) ?? describe(value), value };
}

/** One value and the spans behind it. */
export interface Evaluated {
  value: number;
  evidence: Evidence[];
}

const isWord = (t: Token) => t.type === 'word' || t.type === 'number' || t.type === 'ordinal';

function wordCount(doc: Doc): number {
  let n = 0;
  for (const t of doc.tokens) if (isWord(t)) n++;
  return n;
}

function unitCount(doc: Doc, unit: Unit): number {
  if (unit === 'chars') return doc.text.length;
  if (unit === 'sentences') return doc.sentences.length;
  return wordCount(doc);
}

const negationOk = (m: { negated?: boolean }, t: Token) => m.negated === undefined || t.negated === m.negated;

/** The spans a matcher finds in the doc, in text order. */
export function matches(doc: Doc, m: Matcher): Evidence[] {
  if ('regex' in m) {
    const re = new RegExp(m.regex, `g${m.flags ?? ''}`);
    const out: Evidence[] = [];
    for (const hit of doc.text.matchAll(re)) {
      if (hit[0].length === 0) continue;
      out.push({ start: hit.index, end: hit.index + hit[0].length, note: `matches /${m.regex}/` });
      if (out.length >= 10_000) break;
    }
    return out;
  }
  if ('entities' in m) return doc.entities.filter((e) => m.entities.includes(e.type)).map((e) => ({ start: e.start, end: e.end, note: e.type }));
  const toks = doc.tokens;
  if ('phrases' in m) {
    const words = toks.filter(isWord);
    const out: Evidence[] = [];
    for (const phrase of m.phrases) {
      const parts = phrase.split(' ');
      for (let i = 0; i + parts.length <= words.length; i++) {
        if (parts.every((p, j) => words[i + j].lower === p) && negationOk(m, words[i])) out.push({ start: words[i].start, end: words[i + parts.length - 1].end, note: `"${phrase}"` });
      }
    }
    return out.sort((a, b) => a.start - b.start);
  }
  const test: (t: Token) => boolean =
    'words' in m ? (t) => m.words.includes(t.lower) : 'prefixes' in m ? (t) => isWord(t) && m.prefixes.some((p) => t.lower.startsWith(p)) : (t) => t.type !== 'markup' && m.pos.includes(t.pos);
  const note = 'pos' in m ? (t: Token) => t.pos : (t: Token) => `"${t.lower}"`;
  return toks.filter((t) => test(t) && negationOk(m, t)).map((t) => ({ start: t.start, end: t.end, note: note(t) }));
}

/** Where PROMPT values come from: the project's cache of a model's scores (null: not scored). */
export interface EvalContext {
  prompt?: (criterion: string, model: string, text: string) => number | null;
}

/** Whether an expression holds a PROMPT part (scores the studio cannot compute itself). */
export const usesPrompt = (e: Expr): boolean =>
  'prompt' in e ? true : 'ratio' in e ? e.ratio.some(usesPrompt) : 'difference' in e ? e.difference.some(usesPrompt) : 'log1p' in e ? usesPrompt(e.log1p) : false;

/** Evaluates an expression on an analysed doc: the value and its evidence spans (a PROMPT part without its score: NaN). */
export function evaluate(doc: Doc, e: Expr, ctx: EvalContext = {}): Evaluated {
  if ('count' in e) {
    const ev = matches(doc, e.count);
    return { value: ev.length, evidence: ev };
  }
  if ('presence' in e) {
    const ev = matches(doc, e.presence);
    return { value: ev.length > 0 ? 1 : 0, evidence: ev.slice(0, 1) };
  }
  if ('rate' in e) {
    const ev = matches(doc, e.rate);
    const of = unitCount(doc, e.per);
    // per 100 words / sentences / characters, the unit of the registry's marker families
    return { value: of > 0 ? (100 * ev.length) / of : 0, evidence: ev };
  }
  if ('position' in e) {
    // where the first match sits, as a share of the text (1 when there is none: "late or never")
    const ev = matches(doc, e.position);
    return ev.length === 0 || doc.text.length === 0 ? { value: 1, evidence: [] } : { value: ev[0].start / doc.text.length, evidence: ev.slice(0, 1) };
  }
  if ('length' in e) {
    const value = unitCount(doc, e.length);
    return { value, evidence: doc.sentences.length ? [{ start: doc.sentences[0].start, end: doc.sentences[doc.sentences.length - 1].end, note: `${value} ${e.length}` }] : [] };
  }
  if ('registry' in e) {
    const f = textFeature(e.registry);
    return { value: f.compute(doc), evidence: f.evidence(doc) };
  }
  if ('prompt' in e) {
    const score = ctx.prompt?.(e.prompt.criterion, e.prompt.model, doc.text) ?? null;
    const whole = doc.text.length ? [{ start: 0, end: doc.text.length, note: score === null ? `PROMPT: not scored by ${e.prompt.model}` : `PROMPT: ${e.prompt.model} scored ${score}/10` }] : [];
    return { value: score ?? NaN, evidence: whole };
  }
  if ('ratio' in e) {
    const a = evaluate(doc, e.ratio[0], ctx);
    const b = evaluate(doc, e.ratio[1], ctx);
    return { value: b.value !== 0 ? a.value / b.value : 0, evidence: [...a.evidence, ...b.evidence] };
  }
  if ('difference' in e) {
    // a signed lexicon reads as "+ great", "− bad" in the viewer: which side each span counts for
    const a = evaluate(doc, e.difference[0], ctx);
    const b = evaluate(doc, e.difference[1], ctx);
    const sign = (ev: Evidence[], s: string) => ev.map((x) => ({ ...x, note: `${s} ${x.note}` }));
    return { value: a.value - b.value, evidence: [...sign(a.evidence, '+'), ...sign(b.evidence, '−')].sort((x, y) => x.start - y.start) };
  }
  const inner = evaluate(doc, e.log1p, ctx);
  return { value: Math.log1p(Math.max(0, inner.value)), evidence: inner.evidence };
}

/** Only the number, for fitting. */
export const valueOf = (doc: Doc, e: Expr, ctx?: EvalContext): number => evaluate(doc, e, ctx).value;

function sayMatcher(m: Matcher): string {
  const list = (xs: string[]) => (xs.length > 4 ? `${xs.slice(0, 4).join(', ')}, … (${xs.length})` : xs.join(', '));
  const neg = 'negated' in m && m.negated !== undefined ? (m.negated ? ' (negated)' : ' (not negated)') : '';
  if ('words' in m) return `the words ${list(m.words)}${neg}`;
  if ('prefixes' in m) return `words starting ${list(m.prefixes)}${neg}`;
  if ('phrases' in m) return `the phrases "${list(m.phrases)}"${neg}`;
  if ('pos' in m) return `${list(m.pos)} tokens${neg}`;
  if ('entities' in m) return `${list(m.entities)} entities`;
  return `matches of /${m.regex}/${m.flags ?? ''}`;
}

/** One line of English for an expression (the description a proposal gets when it brings none). */
export function describe(e: Expr): string {
  if ('count' in e) return `number of ${sayMatcher(e.count)}`;
  if ('presence' in e) return `whether it has ${sayMatcher(e.presence)}`;
  if ('rate' in e) return `${sayMatcher(e.rate)} per 100 ${e.per}`;
  if ('position' in e) return `where the first of ${sayMatcher(e.position)} appears (share of the text)`;
  if ('length' in e) return `length in ${e.length}`;
  if ('registry' in e) return textFeature(e.registry).description;
  if ('ratio' in e) return `(${describe(e.ratio[0])}) / (${describe(e.ratio[1])})`;
  if ('difference' in e) return `(${describe(e.difference[0])}) − (${describe(e.difference[1])})`;
  if ('prompt' in e) return `PROMPT: ${e.prompt.model} scores the review 1–10 on "${e.prompt.criterion}"`;
  return `log(1 + ${describe(e.log1p)})`;
}
