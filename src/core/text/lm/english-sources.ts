/**
 * The shipped English corpora the built-in text model learns from, read from
 * `../shared/data` (licences in each folder's SOURCES.md; they are read, never copied into the
 * repository): Amazon fine-food reviews (CC0), Anthropic HH-RLHF harmless-base dialogues (MIT),
 * the Federalist papers (public domain) and Reuters C50 newswire (UCI, CC BY 4.0). A fixed
 * share of each source's documents, chosen by a hash of its id, is held out.
 */
import { createReadStream, promises as fs } from 'node:fs';
import { createGunzip } from 'node:zlib';
import readline from 'node:readline';
import { parse } from 'csv-parse';
import { StudioError } from '../../../shared/errors';
import { sharedDataFile } from '../../io/appRoot';

export type EnglishSource = 'reviews' | 'preferences' | 'federalist' | 'reuters';
export const ENGLISH_SOURCES: readonly EnglishSource[] = ['reviews', 'preferences', 'federalist', 'reuters'];

export interface TextDoc {
  source: string;
  id: string;
  text: string;
}

/** Share of each source's documents held out from training (by id hash, so stable across runs). */
export const HELD_OUT_SHARE = 0.05;

const FILES: Record<EnglishSource, string[]> = {
  reviews: ['reviews', 'amazon_fine_food_reviews_first5k.csv'],
  preferences: ['preferences', 'hh_rlhf_harmless_base_test_split.jsonl'],
  federalist: ['authorship', 'federalist_papers.csv'],
  reuters: ['authorship', 'reuters_c50.jsonl.gz'],
};

export const englishSourceFile = (source: EnglishSource): string => sharedDataFile(...FILES[source]);

/** FNV-1a of a string in [0, 1): the stable coin that holds a document out. */
export function idHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

export const isHeldOut = (doc: TextDoc): boolean => idHash(`${doc.source}/${doc.id}`) < HELD_OUT_SHARE;

/** Windows line ends become \n: the sources disagree and the model should not spend bits on it. */
const clean = (text: string) => text.replace(/\r\n?/g, '\n');

/** Every document of one source, in file order. */
export async function readEnglishSource(source: EnglishSource): Promise<TextDoc[]> {
  const file = englishSourceFile(source);
  await fs.access(file).catch(() => {
    throw new StudioError('not-found', `the ${source} corpus is not here (the studio reads it from ../shared/data)`, file);
  });
  if (source === 'reviews' || source === 'federalist') {
    const [idCol, textCol] = source === 'reviews' ? ['Id', 'Text'] : ['paper_no', 'text'];
    const docs: TextDoc[] = [];
    const parser = createReadStream(file).pipe(parse({ columns: true, relax_quotes: true }));
    for await (const row of parser as AsyncIterable<Record<string, string>>) {
      const text = row[textCol];
      if (text) docs.push({ source, id: row[idCol], text: clean(text) });
    }
    return docs;
  }
  const stream = source === 'reuters' ? createReadStream(file).pipe(createGunzip()) : createReadStream(file);
  const docs: TextDoc[] = [];
  let line = 0;
  for await (const raw of readline.createInterface({ input: stream, crlfDelay: Infinity })) {
    line++;
    if (!raw.trim()) continue;
    const row = JSON.parse(raw) as Record<string, unknown>;
    if (source === 'reuters') docs.push({ source, id: `${String(row.author)}/${String(row.file)}`, text: clean(String(row.text)) });
    else docs.push({ source, id: String(row.id ?? line), text: clean(`${String(row.prompt)}${String(row.chosen)}`) });
  }
  return docs;
}

/** All four sources split into training documents and held-out documents. */
export async function readEnglishCorpora(sources: readonly EnglishSource[] = ENGLISH_SOURCES): Promise<{ train: TextDoc[]; heldOut: TextDoc[] }> {
  const train: TextDoc[] = [];
  const heldOut: TextDoc[] = [];
  for (const s of sources) {
    const docs = await readEnglishSource(s);
    const held = heldOutOf(docs);
    for (const d of docs) (held.has(d) ? heldOut : train).push(d);
  }
  return { train, heldOut };
}

/**
 * One source's held-out documents: those the hash coin holds out, topped up with the
 * lowest-hash documents when the coin falls short of the share (at least one): a small source
 * such as the 85 Federalist papers can otherwise have none measured.
 */
export function heldOutOf(docs: readonly TextDoc[]): Set<TextDoc> {
  const held = new Set(docs.filter(isHeldOut));
  const want = Math.max(1, Math.floor(docs.length * HELD_OUT_SHARE));
  if (held.size >= want) return held;
  const byHash = [...docs].sort((a, b) => idHash(`${a.source}/${a.id}`) - idHash(`${b.source}/${b.id}`));
  for (const d of byHash) {
    if (held.size >= want) break;
    held.add(d);
  }
  return held;
}

/**
 * The held-out text every figure is measured on: each source's held-out documents in file
 * order until `bytesPerSource` UTF-8 bytes (whole documents; the one that crosses the limit is
 * kept), so every source weighs about the same whatever its size.
 */
export function evaluationSlice(heldOut: readonly TextDoc[], bytesPerSource: number): TextDoc[] {
  const used = new Map<string, number>();
  const out: TextDoc[] = [];
  for (const d of heldOut) {
    const have = used.get(d.source) ?? 0;
    if (have >= bytesPerSource) continue;
    out.push(d);
    used.set(d.source, have + Buffer.byteLength(d.text));
  }
  return out;
}
