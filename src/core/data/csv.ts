import { parse, type CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { StudioError } from '../../shared/errors';
import { openRegularFile } from '../io/regularFile';

/**
 * CSV tables of activations, parsed as a stream with csv-parse (RFC 4180: quoted fields,
 * doubled quotes, CRLF or LF, a UTF-8 BOM): memory stays bounded by one chunk of rows,
 * whatever the file's size. Rows are numbered as in a spreadsheet: the header is row 1.
 */

/** A record longer than this is not a row of activations (a 200 MB one-cell file is refused, not parsed). */
export const MAX_CSV_RECORD_BYTES = 16 * 1024 * 1024;

export interface CsvHead {
  header: string[];
  /** indices (in `header`) of the numeric columns: those whose first data row is a number */
  numeric: number[];
  /** names of the numeric columns, in file order */
  columns: string[];
  /** names of the columns skipped because their first data row is not a number */
  skipped: string[];
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^\s*[-+]?(inf|infinity|nan)\s*$/i;

/**
 * Plain decimal cells take the fast path (Number); anything Number() reads differently from
 * the decimal grammar above (empty or blank cells as 0, `0x`/`0o`/`0b` literals, padding,
 * spelled infinities) goes through the regular expression.
 */
function toNumber(cell: string): number | null {
  const v = +cell;
  if (v === v && v !== Infinity && v !== -Infinity && cell.length > 0 && cell.charCodeAt(0) > 32) {
    const c1 = cell.length > 1 ? cell.charCodeAt(1) | 32 : 0;
    if (c1 !== 120 && c1 !== 111 && c1 !== 98) return v;
  }
  if (!NUMBER.test(cell)) return null;
  const t = cell.trim().toLowerCase().replace(/^\+/, '');
  if (t.endsWith('nan')) return NaN;
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

interface Parsed {
  record: string[];
  /** spreadsheet row of the record (header = 1) */
  row: number;
}

/** Records with their row numbers; csv-parse's errors become StudioErrors naming the row. */
async function* records(path: string, byteCounter?: (bytes: number) => void): AsyncGenerator<Parsed> {
  // A FIFO or device is refused before a byte is read (io/regularFile.ts).
  const handle = await openRegularFile(path);
  const input = handle.createReadStream();
  const parser = input.pipe(parse({ bom: true, skip_empty_lines: true, max_record_size: MAX_CSV_RECORD_BYTES }));
  input.on('error', (err) => parser.destroy(err));
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      byteCounter?.(input.bytesRead);
      yield { record, row: ++row };
    }
  } catch (err) {
    if (err instanceof StudioError) throw err;
    const e = err as CsvError & { records?: number };
    if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
      throw new StudioError('bad-file', csvMessage(e), `${path}: row ${(e.records ?? 0) + 1}`);
    }
    throw new StudioError('bad-file', `cannot read: ${(err as Error).message}`, path);
  } finally {
    input.destroy();
  }
}

function csvMessage(e: CsvError): string {
  if (e.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') return 'the row has a different number of fields than the header';
  if (e.code === 'CSV_QUOTE_NOT_CLOSED') return 'a quoted field is never closed (unterminated quote)';
  if (e.code === 'CSV_MAX_RECORD_SIZE') return `a row is longer than ${MAX_CSV_RECORD_BYTES >> 20} MiB; this is not a table of activations`;
  return e.message.replace(/ on line \d+/, '');
}

function headFrom(header: string[], first: Parsed | undefined, path: string): CsvHead {
  if (!first) throw new StudioError('bad-file', 'a CSV needs a header row and at least one data row', path);
  const numeric: number[] = [];
  const skipped: string[] = [];
  header.forEach((name, j) => (toNumber(first.record[j] ?? '') === null ? skipped.push(name) : numeric.push(j)));
  if (numeric.length === 0) throw new StudioError('bad-file', 'no numeric columns', path);
  return { header, numeric, columns: numeric.map((j) => header[j]), skipped };
}

/** The header and the column types from the first data row; nothing further is read. */
export async function inspectCsv(path: string): Promise<CsvHead> {
  const it = records(path);
  try {
    const header = (await it.next()).value as Parsed | undefined;
    if (!header) throw new StudioError('bad-file', 'the file is empty', path);
    const first = (await it.next()).value as Parsed | undefined;
    return headFrom(header.record, first, path);
  } finally {
    await it.return(undefined);
  }
}

export interface CsvChunk {
  /** rows × columns, row-major */
  data: Float32Array;
  rows: number;
  /** bytes of the file read so far (for progress) */
  bytesRead: number;
}

/**
 * Streams the numeric columns in chunks of up to `chunkRows` rows. A later cell of a numeric
 * column that is not a number is an error naming its row and column.
 */
export async function* streamCsvRows(path: string, chunkRows: number): AsyncGenerator<CsvChunk & { head: CsvHead }> {
  let bytesRead = 0;
  const it = records(path, (b) => (bytesRead = b));
  let head: CsvHead | undefined;
  let header: string[] | undefined;
  let buf = new Float32Array(0);
  let filled = 0;
  for await (const { record, row } of it) {
    if (!header) {
      header = record;
      continue;
    }
    if (!head) {
      head = headFrom(header, { record, row }, path);
      buf = new Float32Array(chunkRows * head.numeric.length);
    }
    const cols = head.numeric.length;
    for (let c = 0; c < cols; c++) {
      const j = head.numeric[c];
      const v = toNumber(record[j]);
      if (v === null) throw new StudioError('bad-file', `not a number: ${JSON.stringify(record[j].slice(0, 40))}`, `${path}: row ${row}, column ${header[j]}`);
      buf[filled * cols + c] = v;
    }
    if (++filled === chunkRows) {
      yield { data: buf, rows: filled, bytesRead, head };
      filled = 0;
    }
  }
  if (!header) throw new StudioError('bad-file', 'the file is empty', path);
  if (!head) headFrom(header, undefined, path);
  else if (filled > 0) yield { data: buf.subarray(0, filled * head.numeric.length), rows: filled, bytesRead, head };
}

/**
 * Splits CSV text held in memory into records, for small side files (explanations), with the
 * same parser as the streaming reader; rows may differ in length (the caller checks them).
 */
export function parseCsvRecords(text: string, where = 'CSV'): string[][] {
  try {
    return parseSync(text, { bom: true, skip_empty_lines: true, relax_column_count: true, max_record_size: MAX_CSV_RECORD_BYTES }) as string[][];
  } catch (err) {
    const e = err as CsvError & { records?: number };
    throw new StudioError('bad-file', typeof e.code === 'string' ? csvMessage(e) : e.message, `${where}: row ${(e.records ?? 0) + 1}`);
  }
}
