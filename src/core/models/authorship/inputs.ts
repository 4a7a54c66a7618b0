import { promises as fs } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import type { AuthoredText } from './pairs';

/**
 * The two input layouts: a JSONL of texts with author ids (`{id?, author, text}`; C50's
 * `{author, split, file, text}` reads as is), or explicit pairs in PAN's layout — a pairs file
 * (`{id, pair: [text1, text2]}`, or `{id, a, b}` naming ids of a texts file) and a truth file
 * (`{id, same}` with same true/false or 1/0, optional `authors`). Rows are numbered from 1.
 */

/** A labelled pair of two texts of the text list. */
export interface LabelledPair {
  id: string;
  a: number;
  b: number;
  same: 0 | 1;
}

async function readText(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new StudioError('not-found', `cannot read the file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, file);
  }
  if (file.endsWith('.gz')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      throw new StudioError('bad-file', 'the file ends in .gz but is not gzip data', file);
    }
  }
  return bytes.toString('utf8');
}

function* jsonLines(text: string, file: string): Generator<{ row: number; value: Record<string, unknown> }> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new StudioError('bad-file', `row ${i + 1} is not JSON`, `${path.basename(file)}, row ${i + 1}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StudioError('bad-file', `row ${i + 1} is not a JSON object`, `${path.basename(file)}, row ${i + 1}`);
    yield { row: i + 1, value: value as Record<string, unknown> };
  }
}

const idOf = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);

/** Texts with authors from JSONL; the id is `id`, else `file`, else the row number. */
export async function readAuthoredTexts(file: string): Promise<AuthoredText[]> {
  return parseAuthoredTexts(await readText(file), file);
}

export function parseAuthoredTexts(content: string, file: string): AuthoredText[] {
  const out: AuthoredText[] = [];
  const ids = new Set<string>();
  for (const { row, value } of jsonLines(content, file)) {
    const where = (field: string) => `${path.basename(file)}, row ${row}, field ${field}`;
    const author = idOf(value.author);
    if (author === null) throw new StudioError('bad-file', `row ${row} has no author id`, where('author'));
    if (typeof value.text !== 'string') throw new StudioError('bad-file', `row ${row} has no text`, where('text'));
    const id = idOf(value.id) ?? idOf(value.file) ?? String(row);
    if (ids.has(id)) throw new StudioError('bad-file', `text id "${id}" appears twice`, where('id'));
    ids.add(id);
    out.push({ id, author, text: value.text });
  }
  if (out.length === 0) throw new StudioError('bad-file', 'the file holds no texts', path.basename(file));
  return out;
}

function labelOf(v: unknown): 0 | 1 | null {
  if (v === true || v === 1 || v === '1' || v === 'true') return 1;
  if (v === false || v === 0 || v === '0' || v === 'false') return 0;
  return null;
}

/**
 * PAN pairs and truth. Texts inline in the pairs file become texts `<id>#1` and `<id>#2` (author
 * from truth's `authors` when given); pairs naming ids need `texts`.
 */
export async function readPanPairs(pairsFile: string, truthFile: string, texts: AuthoredText[] = []): Promise<{ texts: AuthoredText[]; pairs: LabelledPair[] }> {
  return parsePanPairs(await readText(pairsFile), pairsFile, await readText(truthFile), truthFile, texts);
}

export function parsePanPairs(pairsText: string, pairsFile: string, truthText: string, truthFile: string, known: readonly AuthoredText[] = []): { texts: AuthoredText[]; pairs: LabelledPair[] } {
  const truth = new Map<string, { same: 0 | 1; authors?: string[] }>();
  for (const { row, value } of jsonLines(truthText, truthFile)) {
    const where = (field: string) => `${path.basename(truthFile)}, row ${row}, field ${field}`;
    const id = idOf(value.id);
    if (id === null) throw new StudioError('bad-file', `row ${row} has no problem id`, where('id'));
    const same = labelOf(value.same);
    if (same === null) throw new StudioError('bad-file', `label ${JSON.stringify(value.same)} is not allowed: same must be true/false or 1/0`, where('same'));
    const authors = Array.isArray(value.authors) ? value.authors.map(String) : undefined;
    truth.set(id, { same, authors });
  }
  const texts: AuthoredText[] = [...known];
  const index = new Map(texts.map((t, i) => [t.id, i]));
  const pairs: LabelledPair[] = [];
  for (const { row, value } of jsonLines(pairsText, pairsFile)) {
    const where = (field: string) => `${path.basename(pairsFile)}, row ${row}, field ${field}`;
    const id = idOf(value.id);
    if (id === null) throw new StudioError('bad-file', `row ${row} has no problem id`, where('id'));
    const t = truth.get(id);
    if (!t) throw new StudioError('bad-file', `pair "${id}" has no line in the truth file`, where('id'));
    let a: number;
    let b: number;
    if (Array.isArray(value.pair)) {
      if (value.pair.length !== 2 || value.pair.some((x) => typeof x !== 'string')) throw new StudioError('bad-file', `pair "${id}" must hold two texts`, where('pair'));
      const [authorA, authorB] = t.authors ?? [`${id}?a`, t.same ? `${id}?a` : `${id}?b`];
      a = texts.push({ id: `${id}#1`, author: authorA, text: value.pair[0] as string }) - 1;
      b = texts.push({ id: `${id}#2`, author: authorB ?? authorA, text: value.pair[1] as string }) - 1;
    } else {
      const named = [idOf(value.a), idOf(value.b)];
      const [ia, ib] = named.map((n, k) => {
        if (n === null) throw new StudioError('bad-file', `pair "${id}" names no text in field ${k === 0 ? 'a' : 'b'}`, where(k === 0 ? 'a' : 'b'));
        const at = index.get(n);
        if (at === undefined) throw new StudioError('bad-file', `pair "${id}" names text "${n}", which is not in the texts file`, where(k === 0 ? 'a' : 'b'));
        return at;
      });
      [a, b] = [ia, ib];
    }
    pairs.push({ id, a, b, same: t.same });
  }
  if (pairs.length === 0) throw new StudioError('bad-file', 'the pairs file holds no pairs', path.basename(pairsFile));
  return { texts, pairs };
}
