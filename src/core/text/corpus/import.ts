import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import {
  CORPUS_SCHEMA_VERSION,
  CorpusMeta,
  ImportCorpusOptions,
  type CorpusFormat,
  type CorpusRow,
  type FieldValue,
  type SplitName,
} from '../../../shared/schemas/corpus';
import { openAtomicWriter, writeJsonAtomic } from '../../io/atomic';
import { countSplits, splitByGroup } from '../../models/common/splits';
import { openSource, type RawValue, type SourceReader, type SourceRecord } from './sources';
import { CORPUS_META_FILE, CORPUS_ROWS_FILE } from './store';

export interface ImportCorpusRequest {
  /** the .csv, .jsonl or folder of .txt files */
  source: string;
  id: string;
  name: string;
  options: ImportCorpusOptions;
  /** the folder the corpus is written to (a job's work folder: nothing reaches the project unless all is well) */
  outDir: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  now?: () => Date;
}

/** How many rows a warning lists by name before it says "and N more". */
const WARN_ROWS = 5;

/**
 * Imports a text corpus in two streamed passes over the source: the first checks every row
 * (text present, non-empty and UTF-8, ids unique, columns present) and collects the groups the
 * splits need; the second writes `rows.jsonl`. Any error comes from the first pass, before a
 * byte is written.
 */
export async function importCorpus(req: ImportCorpusRequest): Promise<CorpusMeta> {
  const options = ImportCorpusOptions.parse(req.options);
  const reader = await openSource(req.source);
  const columns = await checkColumns(reader, options, req.source);
  const report = (done: number) => req.onProgress?.(done, reader.totalBytes * 2);

  const scan = await scanRows(reader, options, columns, req, report);
  const splits = scan.given ?? splitByGroup(scan.groups, { seed: options.splitSeed, fractions: options.splitFractions });
  const counts = countSplits(splits);
  for (const name of ['train', 'dev', 'test'] as const) {
    if (!scan.given && options.splitFractions[name] > 0 && counts[name] === 0) {
      scan.warnings.push(`the ${name} split is empty: ${new Set(scan.groups).size} group(s) are too few or too large for a ${options.splitFractions[name]} share`);
    }
  }

  await fs.mkdir(req.outDir, { recursive: true });
  const writer = await openAtomicWriter(path.join(req.outDir, CORPUS_ROWS_FILE));
  try {
    let lines: string[] = [];
    let i = 0;
    for await (const record of reader.records(req.signal)) {
      const row: CorpusRow = {
        id: scan.ids[i],
        text: String(record.values[options.textColumn]),
        split: splits[i],
        fields: fieldsOf(record, columns.kept, scan.numeric),
      };
      lines.push(JSON.stringify(row));
      i++;
      if (lines.length >= 512) {
        await writer.write(Buffer.from(lines.join('\n') + '\n'));
        lines = [];
        report(reader.totalBytes + record.bytesRead);
      }
    }
    if (lines.length) await writer.write(Buffer.from(lines.join('\n') + '\n'));
    await writer.commit();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  report(reader.totalBytes * 2);

  const meta: CorpusMeta = CorpusMeta.parse({
    schemaVersion: CORPUS_SCHEMA_VERSION,
    id: req.id,
    name: req.name,
    source: { file: path.basename(req.source), format: reader.format },
    textColumn: options.textColumn,
    idColumn: options.idColumn,
    columns: columns.kept,
    groupColumn: options.groupColumn,
    splitColumn: options.splitColumn,
    rowCount: scan.ids.length,
    splits: { seed: options.splitSeed, by: options.splitColumn ?? options.groupColumn ?? 'row', fractions: options.splitFractions, counts },
    warnings: scan.warnings,
    createdAt: (req.now?.() ?? new Date()).toISOString(),
  });
  await writeJsonAtomic(path.join(req.outDir, CORPUS_META_FILE), meta);
  return meta;
}

interface Columns {
  kept: string[];
}

/** Checks the named columns against the file's header (or first JSONL records) without reading further. */
export async function checkImportColumns(source: string, options: ImportCorpusOptions): Promise<void> {
  await checkColumns(await openSource(source), ImportCorpusOptions.parse(options), source);
}

/** Every named column must exist; `kept` defaults to every column but the text and id. */
async function checkColumns(reader: SourceReader, options: ReturnType<typeof ImportCorpusOptions.parse>, file: string): Promise<Columns> {
  const available = await reader.columns();
  // JSONL keys are read from the first records only: a key missing there is checked row by row instead.
  const strict = reader.format !== 'jsonl';
  const must = (name: string | undefined, role: string) => {
    if (name === undefined || !strict || available.includes(name)) return;
    throw new StudioError('bad-input', `the ${role} column "${name}" is not in the file (columns: ${available.join(', ')})`, `${file}, column "${name}"`);
  };
  must(options.textColumn, 'text');
  must(options.idColumn, 'id');
  must(options.groupColumn, 'group');
  must(options.splitColumn, 'split');
  for (const c of options.columns ?? []) must(c, 'kept');
  const kept = options.columns ?? available.filter((c) => c !== options.textColumn && c !== options.idColumn && c !== options.splitColumn);
  if (options.groupColumn !== undefined && !kept.includes(options.groupColumn)) kept.push(options.groupColumn);
  return { kept };
}

interface Scan {
  ids: string[];
  groups: string[];
  /** the splits the split column gives, when there is one */
  given: SplitName[] | null;
  /** kept columns whose every non-empty value is a number */
  numeric: Set<string>;
  warnings: string[];
}

async function scanRows(
  reader: SourceReader,
  options: ReturnType<typeof ImportCorpusOptions.parse>,
  columns: Columns,
  req: ImportCorpusRequest,
  report: (done: number) => void,
): Promise<Scan> {
  const file = req.source;
  const ids: string[] = [];
  const groups: string[] = [];
  const firstSeen = new Map<string, string>();
  const numeric = new Set(columns.kept);
  const long: string[] = [];
  let emptyGroups = 0;
  const given: SplitName[] | null = options.splitColumn === undefined ? null : [];
  for await (const record of reader.records(req.signal)) {
    const { where, values } = record;
    const at = (column: string) => `${file}, ${where}, column "${column}"`;
    const text = values[options.textColumn];
    if (text === undefined) throw new StudioError('bad-file', `${where} has no "${options.textColumn}" (the text column)`, at(options.textColumn));
    if (typeof text !== 'string') throw new StudioError('bad-file', `${where}: the text is a ${kindOf(text)}, not a string`, at(options.textColumn));
    if (text.trim() === '') throw new StudioError('bad-file', `${where}: the text is empty`, at(options.textColumn));
    if (text.length > options.maxChars) long.push(where);

    const id = idOf(record, options.idColumn, reader.format);
    if (id === '') throw new StudioError('bad-file', `${where}: the id is empty`, at(options.idColumn!));
    const earlier = firstSeen.get(id);
    if (earlier !== undefined) throw new StudioError('bad-file', `duplicate id "${id}" (${earlier} and ${where})`, at(options.idColumn ?? 'id'));
    firstSeen.set(id, where);
    ids.push(id);

    if (options.groupColumn !== undefined) {
      const g = values[options.groupColumn];
      if (g === undefined && reader.format === 'jsonl') throw new StudioError('bad-file', `${where} has no "${options.groupColumn}" (the group column)`, at(options.groupColumn));
      const key = g === null || g === undefined || String(g).trim() === '' ? '' : String(g);
      if (key === '') emptyGroups++;
      // A row without a group is a group of its own (the \0 keeps it apart from any real value).
      groups.push(key === '' ? `\0${id}` : `g:${key}`);
    } else groups.push(`\0${id}`);

    if (given) given.push(splitOf(values[options.splitColumn!], where, at(options.splitColumn!)));

    for (const c of numeric) {
      const v = values[c];
      if (v === undefined || v === null || typeof v === 'number') continue;
      if (typeof v !== 'string' || (v.trim() !== '' && !Number.isFinite(Number(v)))) numeric.delete(c);
    }
    if (ids.length % 512 === 0) report(record.bytesRead);
  }
  if (ids.length === 0) throw new StudioError('bad-file', 'the file holds no rows', file);
  const warnings: string[] = [];
  if (long.length) {
    warnings.push(`${long.length} text(s) longer than ${options.maxChars} characters, kept whole: ${listSome(long)}`);
  }
  if (emptyGroups) warnings.push(`${emptyGroups} row(s) have no "${options.groupColumn}"; each is a group of its own`);
  if (given && options.groupColumn !== undefined) {
    const leaking = groupsInSeveralSplits(groups, given);
    if (leaking) warnings.push(`${leaking} "${options.groupColumn}" group(s) sit in more than one of the file's splits`);
  }
  return { ids, groups, given, numeric, warnings };
}

const SPLIT_NAMES: Readonly<Record<string, SplitName>> = { train: 'train', training: 'train', dev: 'dev', val: 'dev', valid: 'dev', validation: 'dev', test: 'test', testing: 'test' };

function splitOf(v: RawValue | undefined, where: string, at: string): SplitName {
  const split = typeof v === 'string' ? SPLIT_NAMES[v.trim().toLowerCase()] : undefined;
  if (!split) throw new StudioError('bad-file', `${where}: the split is ${JSON.stringify(v ?? null)}, not train, dev (val, validation) or test`, at);
  return split;
}

function groupsInSeveralSplits(groups: readonly string[], splits: readonly SplitName[]): number {
  const first = new Map<string, SplitName>();
  const leaking = new Set<string>();
  groups.forEach((g, i) => {
    const seen = first.get(g);
    if (seen === undefined) first.set(g, splits[i]);
    else if (seen !== splits[i]) leaking.add(g);
  });
  return leaking.size;
}

function idOf(record: SourceRecord, idColumn: string | undefined, format: CorpusFormat): string {
  if (idColumn === undefined) return format === 'txt-folder' ? String(record.values.file).replace(/\.txt$/i, '') : String(record.index);
  const v = record.values[idColumn];
  if (v === undefined || v === null) return '';
  return (typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
}

function fieldsOf(record: SourceRecord, kept: readonly string[], numeric: ReadonlySet<string>): Record<string, FieldValue> {
  const fields: Record<string, FieldValue> = {};
  for (const c of kept) fields[c] = fieldValue(record.values[c], numeric.has(c));
  return fields;
}

function fieldValue(v: RawValue | undefined, numeric: boolean): FieldValue {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v.trim() === '') return null;
    return numeric ? Number(v) : v;
  }
  return typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

function kindOf(v: RawValue): string {
  return v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v;
}

function listSome(items: string[]): string {
  const shown = items.slice(0, WARN_ROWS).join(', ');
  return items.length > WARN_ROWS ? `${shown} and ${items.length - WARN_ROWS} more` : shown;
}
