/**
 * The labelled text the SAE benchmark probes text SAEs on (SAEBench sparse probing and
 * first-letter absorption, ALGORITHMS-DETAIL §3.2–3.3; docs/text-model.md "Sparse probing and
 * absorption"): documents with labels from the shipped samples, and the words of those documents
 * with their first letters.
 *
 * Document tasks, one-vs-rest and balanced as SAEBench's (positives against as many negatives):
 *   - `sentiment: 5 vs 1 stars` — Fine Food reviews, 5 stars against 1 (SAEBench's
 *     amazon_reviews_mcauley_1and5_sentiment);
 *   - `score: N stars` — each star rating against the other four;
 *   - `author: NAME` — each of the first authors of the Reuters C50 sample against the others.
 * Each class's last `testShare` of its documents (file order) is the test split.
 */
import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { StudioError } from '../../../shared/errors';
import { readAuthoredTexts } from '../../models/authorship/inputs';
import { C50_SAMPLE_FILE } from '../../models/authorship/samples';
import { FINE_FOOD_SAMPLE } from '../../models/reviews/testing';

export interface TextProbePlan {
  /** reviews read per star rating (the first ones of each, in file order) */
  reviewsPerScore: number;
  /** authors of the C50 sample (in file order) and texts read of each */
  authors: number;
  textsPerAuthor: number;
  /** share of each class's documents held out as the test split */
  testShare: number;
  /**
   * bytes of each document the model reads (SAEBench reads 128 tokens; a byte carries less than a
   * token): a whole number of contexts with the document start, so no window holds a lone byte
   */
  maxBytes: number;
}

export const TEXT_PROBE_PLANS = {
  tiny: { reviewsPerScore: 8, authors: 3, textsPerAuthor: 8, testShare: 0.25, maxBytes: 127 },
  small: { reviewsPerScore: 200, authors: 10, textsPerAuthor: 40, testShare: 0.2, maxBytes: 255 },
} as const satisfies Record<string, TextProbePlan>;

/** A binary task over some of the documents: its rows of each split and a label per document. */
export interface DocTask {
  name: string;
  /** per document of the set; read only at the task's rows */
  labels: Uint8Array;
  train: Uint32Array;
  test: Uint32Array;
}

export interface TextProbeSet {
  texts: string[];
  /** 1 where the document is in the test split */
  isTest: Uint8Array;
  tasks: DocTask[];
  maxBytes: number;
}

const starName = (n: number) => (n === 1 ? '1 star' : `${n} stars`);

/** Reads the shipped Fine Food and C50 samples into the probing tasks. */
export async function readTextProbeSet(plan: TextProbePlan, files = { reviews: FINE_FOOD_SAMPLE, authors: C50_SAMPLE_FILE }): Promise<TextProbeSet> {
  const rows = parse(gunzipSync(await fs.readFile(files.reviews)), { columns: true }) as Record<string, string>[];
  const byScore = [1, 2, 3, 4, 5].map((s) => rows.filter((r) => r.Score === String(s) && r.Text).slice(0, plan.reviewsPerScore).map((r) => r.Text));
  const authored = await readAuthoredTexts(files.authors);
  const authors = [...new Set(authored.map((t) => t.author))].slice(0, plan.authors);
  const byAuthor = authors.map((a) => authored.filter((t) => t.author === a).slice(0, plan.textsPerAuthor).map((t) => t.text));
  if (byScore.some((c) => c.length < 2) || byAuthor.length < 2) throw new StudioError('bad-file', 'too few labelled reviews or authors to probe on', `${files.reviews}, ${files.authors}`);
  return buildProbeSet([...byScore.map((texts, i) => ({ group: 'score', name: starName(i + 1), texts })), ...byAuthor.map((texts, i) => ({ group: 'author', name: authors[i], texts }))], plan);
}

/**
 * The task set from classes of documents: one-vs-rest within each group, and for the score group
 * also 5 stars against 1 (`sentiment`).
 */
export function buildProbeSet(classes: readonly { group: string; name: string; texts: readonly string[] }[], plan: Pick<TextProbePlan, 'testShare' | 'maxBytes'>): TextProbeSet {
  const texts: string[] = [];
  const isTest: number[] = [];
  const docsOf = classes.map((c) => {
    const nTest = Math.max(1, Math.round(c.texts.length * plan.testShare));
    return c.texts.map((t, i) => {
      texts.push(t);
      isTest.push(i >= c.texts.length - nTest ? 1 : 0);
      return texts.length - 1;
    });
  });
  const task = (name: string, pos: readonly number[], neg: readonly number[]): DocTask => {
    const labels = new Uint8Array(texts.length);
    for (const d of pos) labels[d] = 1;
    const all = [...pos, ...neg].sort((a, b) => a - b);
    return { name, labels, train: Uint32Array.from(all.filter((d) => !isTest[d])), test: Uint32Array.from(all.filter((d) => isTest[d])) };
  };
  const tasks: DocTask[] = [];
  const one = (i: number) => classes[i].name;
  const stars = (n: number) => classes.findIndex((c) => c.group === 'score' && c.name === starName(n));
  if (stars(1) >= 0 && stars(5) >= 0) tasks.push(task('sentiment: 5 vs 1 stars', docsOf[stars(5)], docsOf[stars(1)]));
  classes.forEach((c, i) => {
    const rest = classes.flatMap((o, j) => (o.group === c.group && j !== i ? docsOf[j] : []));
    tasks.push(task(`${c.group}: ${one(i)}`, docsOf[i], rest));
  });
  return { texts, isTest: Uint8Array.from(isTest), tasks, maxBytes: plan.maxBytes };
}

/** The group of a task (`score`, `author`, …): the text before its colon. */
export const taskGroup = (name: string): string => name.split(':')[0];

/** A word the model read whole, at the row of its last letter. */
export interface WordEnd {
  /** row in the per-byte stream of the documents (`tokenRowPlaces` order) */
  row: number;
  doc: number;
  /** 0 = a … 25 = z */
  letter: number;
}

const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const encoder = new TextEncoder();

/**
 * Every word of the documents for the first-letter task: a maximal run of at least 2 ASCII
 * letters, between bytes that are neither letters nor part of a multi-byte character (or the
 * document's start), ended inside the `maxBytes` bytes read, and inside one context window of
 * the model (windows are read apart, so a word cut by a window's start is partly unseen). Its row
 * is its last letter: there a byte model has read the whole word — the counterpart of the word's
 * own token, where SAEBench reads the first-letter probe — and the byte in hand is never the first
 * letter itself.
 */
export function firstLetterWords(texts: readonly string[], context: number, maxBytes = Infinity): WordEnd[] {
  const out: WordEnd[] = [];
  let offset = 0;
  texts.forEach((text, doc) => {
    const all = encoder.encode(text);
    const n = Math.min(all.length, maxBytes);
    // byte b is token b + 1 (DOC_START is token 0); windows start at multiples of the context
    const window = (b: number) => Math.floor((b + 1) / context);
    for (let a = 0; a < n; a++) {
      if (!isLetter(all[a]) || (a > 0 && (isLetter(all[a - 1]) || all[a - 1] >= 0x80))) continue;
      let b = a;
      while (b + 1 < n && isLetter(all[b + 1])) b++;
      const closed = b + 1 < n && all[b + 1] < 0x80;
      if (closed && b > a && window(a) === window(b)) out.push({ row: offset + b, doc, letter: (all[a] | 0x20) - 0x61 });
      a = b;
    }
    // `tokenRowPlaces`: a document contributes one row per byte read, DOC_START left out
    offset += n;
  });
  return out;
}
