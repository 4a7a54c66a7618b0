/**
 * Concept sets in a project: `concepts/<id>.json`, each with its source and that source's
 * version (issue 21). Built-in board sets are written there the first time they are used, so a
 * result always names a set the project holds. User sets come from a CSV of `word,category`
 * (header = row 1) or the same lines typed in the screen.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { CONCEPT_SET_VERSION, ConceptSet, type ConceptSetSummary, type TextConcept } from '../../shared/schemas/concepts';
import { parseCsvRecords } from '../data/csv';
import { writeJsonAtomic } from '../io/atomic';
import { ENTRY_ID_PATTERN } from '../project/ids';
import { BUILTIN_SETS } from './builtin';
import { normaliseToken } from './matchText';

export const CONCEPTS_DIR = 'concepts';
export const conceptSetFile = (projectDir: string, id: string): string => path.join(projectDir, CONCEPTS_DIR, `${id}.json`);

function checkId(id: string): void {
  if (!ENTRY_ID_PATTERN.test(id)) throw new StudioError('bad-input', `concept set id "${id}" must be lower-case letters, digits, '.', '_' or '-'`, 'id');
}

/** A concept set: the project's file, or a built-in one (not yet saved) by its id. */
export async function readConceptSet(projectDir: string, id: string): Promise<ConceptSet> {
  checkId(id);
  const file = conceptSetFile(projectDir, id);
  let raw: string;
  try {
    raw = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    const builtin = Object.hasOwn(BUILTIN_SETS, id) ? BUILTIN_SETS[id] : undefined;
    if (builtin) return builtin();
    throw new StudioError('not-found', `no concept set "${id}" in this project (built in: ${Object.keys(BUILTIN_SETS).join(', ')})`, file);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (err) {
    throw new StudioError('bad-file', `not JSON: ${(err as Error).message}`, file);
  }
  const parsed = ConceptSet.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `field "${issue.path.join('.')}": ${issue.message}`, `${file}: ${issue.path.join('.')}`);
  }
  return parsed.data;
}

export async function writeConceptSet(projectDir: string, set: ConceptSet): Promise<string> {
  checkId(set.id);
  const file = conceptSetFile(projectDir, set.id);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeJsonAtomic(file, ConceptSet.parse(set));
  return file;
}

export function summarise(set: ConceptSet): ConceptSetSummary {
  const categories = [...new Set(set.concepts.flatMap((c) => c.categories))].sort();
  return { id: set.id, name: set.name, domain: set.domain, source: set.source, createdAt: set.createdAt, concepts: set.concepts.length, categories };
}

/** The project's sets and the built-in ones it has not saved yet. */
export async function listConceptSets(projectDir: string): Promise<ConceptSetSummary[]> {
  const dir = path.join(projectDir, CONCEPTS_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const ids = new Set([...names.filter((n) => n.endsWith('.json')).map((n) => n.slice(0, -5)), ...Object.keys(BUILTIN_SETS)]);
  const out: ConceptSetSummary[] = [];
  for (const id of [...ids].filter((i) => ENTRY_ID_PATTERN.test(i)).sort()) out.push(summarise(await readConceptSet(projectDir, id)));
  return out;
}

/**
 * A text set from `word,category` records: a word listed under several categories is one concept
 * in all of them. `where` names the file for errors; rows count from 1 with the header.
 */
export function textSetFromPairs(records: string[][], meta: { id: string; name: string; source: ConceptSet['source']; where: string; header: boolean; createdAt?: string }): ConceptSet {
  const byWord = new Map<string, Set<string>>();
  const first = meta.header ? 1 : 0;
  if (meta.header) {
    const head = records[0]?.map((h) => h.trim().toLowerCase());
    if (!head || head[0] !== 'word' || head[1] !== 'category') throw new StudioError('bad-file', `the header must be "word,category", got "${records[0]?.join(',') ?? ''}"`, `${meta.where}: row 1`);
  }
  for (let r = first; r < records.length; r++) {
    const rec = records[r];
    if (rec.length === 1 && rec[0].trim() === '') continue;
    const word = normaliseToken(rec[0] ?? '');
    const category = (rec[1] ?? '').trim();
    if (rec.length !== 2 || !word || !category) throw new StudioError('bad-file', `expected "word,category", got "${rec.join(',')}"`, `${meta.where}: row ${r + 1}`);
    (byWord.get(word) ?? byWord.set(word, new Set()).get(word)!).add(category);
  }
  if (byWord.size === 0) throw new StudioError('bad-file', 'no word,category rows', meta.where);
  const concepts: TextConcept[] = [...byWord].map(([word, cats]) => ({ kind: 'text', id: word, name: word, categories: [...cats].sort(), words: [word] }));
  return { version: CONCEPT_SET_VERSION, id: meta.id, name: meta.name, domain: 'text', source: meta.source, createdAt: meta.createdAt ?? new Date().toISOString(), concepts };
}

/** A text set from a CSV file with a `word,category` header. */
export async function textSetFromCsv(file: string, id: string, name: string): Promise<ConceptSet> {
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new StudioError(err.code === 'ENOENT' ? 'not-found' : 'bad-file', `cannot read the concept CSV: ${err.message}`, file);
  });
  const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return textSetFromPairs(parseCsvRecords(text), { id, name, where: file, header: true, source: { kind: 'csv', detail: path.basename(file), version } });
}

/** A text set from lines typed in the screen, `word,category` each (no header). */
export function textSetFromTyped(text: string, id: string, name: string): ConceptSet {
  const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  return textSetFromPairs(parseCsvRecords(text), { id, name, where: 'typed list', header: false, source: { kind: 'typed', detail: 'typed in the Concepts screen', version } });
}
