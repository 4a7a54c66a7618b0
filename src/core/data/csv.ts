import { promises as fs } from 'node:fs';
import { StudioError } from '../../shared/errors';
import { readRegularText } from '../io/regularFile';

/** CSV import is for small tables; larger data belongs in .npy or .safetensors. */
const MAX_CSV_BYTES = 256 * 1024 * 1024;

export interface CsvMatrix {
  /** names of the numeric columns, in file order */
  columns: string[];
  /** names of the columns skipped because their first data row is not a number */
  skipped: string[];
  rows: number;
  cols: number;
  data: Float32Array;
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields, doubled quotes, CRLF or LF). A quote
 * still open at the end of the text is an error naming the row it opened on (header = row 1),
 * never a last field that silently swallowed the rest of the file.
 */
export function parseCsvRecords(text: string, where = 'CSV'): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let quoteRow = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteRow = records.length + 1;
    }
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new StudioError('bad-file', 'a quoted field is never closed (unterminated quote)', `${where}: row ${quoteRow}`);
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ''));
}

const NUMBER = /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$|^\s*[-+]?(inf|infinity|nan)\s*$/i;

function toNumber(cell: string): number | null {
  if (!NUMBER.test(cell)) return null;
  const t = cell.trim().toLowerCase().replace(/^\+/, '');
  if (t.endsWith('nan')) return NaN;
  if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
  return Number(t);
}

/**
 * Reads the numeric columns of a CSV with a header row. A column is numeric when its first
 * data row holds a number; other columns are skipped and listed by name. A later cell in a
 * numeric column that is not a number is an error naming its row (1-based, header = row 1)
 * and column.
 */
export async function readCsvMatrix(path: string): Promise<CsvMatrix> {
  const stat = await fs.stat(path).catch((err: Error) => {
    throw new StudioError('not-found', `cannot open: ${err.message}`, path);
  });
  if (stat.size > MAX_CSV_BYTES) {
    throw new StudioError('unsupported', `CSV import is limited to ${MAX_CSV_BYTES >> 20} MiB; convert larger data to .npy`, path);
  }
  const records = parseCsvRecords(await readRegularText(path), path);
  if (records.length < 2) throw new StudioError('bad-file', 'a CSV needs a header row and at least one data row', path);
  const [header, first] = [records[0], records[1]];
  const numeric: number[] = [];
  const skipped: string[] = [];
  header.forEach((name, j) => (toNumber(first[j] ?? '') === null ? skipped.push(name) : numeric.push(j)));
  if (numeric.length === 0) throw new StudioError('bad-file', 'no numeric columns', path);
  const rows = records.length - 1;
  const data = new Float32Array(rows * numeric.length);
  for (let r = 0; r < rows; r++) {
    const rec = records[r + 1];
    if (rec.length !== header.length) {
      throw new StudioError('bad-file', `row has ${rec.length} fields but the header has ${header.length}`, `${path}: row ${r + 2}`);
    }
    numeric.forEach((j, c) => {
      const v = toNumber(rec[j]);
      if (v === null) throw new StudioError('bad-file', `not a number: ${JSON.stringify(rec[j].slice(0, 40))}`, `${path}: row ${r + 2}, column ${header[j]}`);
      data[r * numeric.length + c] = v;
    });
  }
  return { columns: numeric.map((j) => header[j]), skipped, rows, cols: numeric.length, data };
}
