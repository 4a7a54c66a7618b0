import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse';
import { StudioError } from '../../../shared/errors';
import type { CorpusFormat } from '../../../shared/schemas/corpus';

/** A raw value as a source holds it: CSV gives strings; JSONL may give numbers, booleans, null, objects. */
export type RawValue = string | number | boolean | null | object;

/** One record of a source file, with where it sits (for errors) and how far into the file it ends. */
export interface SourceRecord {
  /** "row 12" (CSV, header = row 1), "line 7" (JSONL) or "review-3.txt" (folder of .txt) */
  where: string;
  /** 1-based position among data records */
  index: number;
  values: Record<string, RawValue>;
  /** bytes of the source read so far, for progress */
  bytesRead: number;
}

export interface SourceReader {
  format: CorpusFormat;
  /** the bytes a full read goes through (for progress) */
  totalBytes: number;
  /** CSV: the header. JSONL/.txt: the keys seen in the first records (JSONL) or ['file'] */
  columns(): Promise<string[]>;
  records(signal?: AbortSignal): AsyncGenerator<SourceRecord>;
}

const TXT_COLUMNS = ['text', 'file'];

export async function detectFormat(file: string): Promise<CorpusFormat> {
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    throw new StudioError('not-found', 'no such file or folder', file);
  }
  if (stat.isDirectory()) return 'txt-folder';
  // a .csv.gz or .jsonl.gz is read through gunzip as a stream
  const ext = path.extname(file.replace(/\.gz$/i, '')).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  throw new StudioError('unsupported', `a corpus is imported from .csv, .jsonl (either may be gzipped: .csv.gz) or a folder of .txt files, not "${ext || 'a file without extension'}"`, file);
}

export async function openSource(file: string): Promise<SourceReader> {
  const format = await detectFormat(file);
  if (format === 'txt-folder') return txtFolderSource(file);
  await checkLooksLikeText(file, format);
  const totalBytes = await uncompressedSize(file);
  return format === 'csv' ? csvSource(file, totalBytes) : jsonlSource(file, totalBytes);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes bytes as UTF-8, naming the record and column when they are not. */
export function decodeUtf8(bytes: Uint8Array, file: string, where: string, column?: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new StudioError('bad-file', `${where}${column ? `, column "${column}"` : ''} is not UTF-8 text (save the file as UTF-8)`, `${file}, ${where}`);
  }
}

const MAGIC: ReadonlyArray<[string, number[]]> = [
  ['a ZIP archive (a spreadsheet?)', [0x50, 0x4b, 0x03, 0x04]],
  ['a gzip archive', [0x1f, 0x8b]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a NumPy array', [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]],
];

const gzipped = (file: string) => /\.gz$/i.test(file);

/** The file's bytes, gunzipped when it ends in .gz; damaged gzip data becomes a named error. */
function openBytes(file: string): Readable {
  const raw = createReadStream(file);
  if (!gzipped(file)) return raw;
  const gunzip = createGunzip();
  raw.on('error', (err) => gunzip.destroy(err));
  gunzip.on('close', () => raw.destroy());
  return raw.pipe(gunzip);
}

/** The size a full read goes through: the file's, or for gzip the ISIZE trailer (the size mod 2³², enough for progress). */
async function uncompressedSize(file: string): Promise<number> {
  const size = (await fs.stat(file)).size;
  if (!gzipped(file) || size < 4) return size;
  const handle = await fs.open(file, 'r');
  const tail = Buffer.alloc(4);
  await handle.read(tail, 0, 4, size - 4).finally(() => handle.close());
  return tail.readUInt32LE(0);
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  const stream = openBytes(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) break;
    }
  } catch (err) {
    throw streamError(err, file);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

/** zlib's errors name no file; these do. */
function streamError(err: unknown, file: string): unknown {
  const code = (err as { code?: string }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) return new StudioError('bad-file', `the gzip data is damaged or not gzip: ${(err as Error).message}`, file);
  return err;
}

/** A file named .csv or .jsonl that holds binary data gets a named error before any parsing. */
async function checkLooksLikeText(file: string, format: CorpusFormat): Promise<void> {
  if (gzipped(file)) {
    const handle = await fs.open(file, 'r');
    const magic = Buffer.alloc(2);
    await handle.read(magic, 0, 2, 0).finally(() => handle.close());
    if (magic[0] !== 0x1f || magic[1] !== 0x8b) throw new StudioError('bad-file', 'the file ends in .gz but is not gzip data', file);
  }
  const bytes = await readHead(file, 4096);
  const what = format === 'csv' ? 'a CSV file' : 'a JSONL file';
  for (const [name, magic] of MAGIC) {
    if (magic.every((b, i) => bytes[i] === b)) throw new StudioError('bad-file', `the file is not ${what}: it starts like ${name}`, file);
  }
  if (bytes.includes(0)) throw new StudioError('bad-file', `the file is not ${what}: it holds binary data (NUL bytes)`, file);
  if (format === 'jsonl') {
    const first = bytes.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart()[0];
    if (first !== undefined && first !== '{') {
      const hint = first === '[' ? ' (a JSON array? JSONL holds one object per line)' : '';
      throw new StudioError('bad-file', `the file is not JSONL: line 1 does not start a JSON object${hint}`, file);
    }
  }
}

function csvSource(file: string, totalBytes: number): SourceReader {
  let header: string[] | null = null;
  const parser = () => {
    const bytes = openBytes(file);
    const csv = parse({ encoding: null, bom: true, info: true, relax_column_count: false, skip_empty_lines: true });
    // pipe() does not pass errors on: a damaged gzip stream would leave the parser waiting
    bytes.on('error', (err) => csv.destroy(err));
    // and destroying the parser (a header read stops early) must close the file too
    csv.on('close', () => bytes.destroy());
    return bytes.pipe(csv);
  };
  const readHeader = async (): Promise<string[]> => {
    if (header) return header;
    const stream = parser();
    try {
      for await (const { record } of stream as AsyncIterable<{ record: Buffer[] }>) {
        header = record.map((b) => decodeUtf8(b, file, 'row 1').trim());
        break;
      }
    } catch (err) {
      throw csvError(err, file);
    } finally {
      stream.destroy();
    }
    if (!header || header.length === 0) throw new StudioError('bad-file', 'the CSV file is empty (no header row)', file);
    const seen = new Set<string>();
    for (const name of header) {
      if (seen.has(name)) throw new StudioError('bad-file', `the header names column "${name}" twice`, `${file}, row 1`);
      seen.add(name);
    }
    return header;
  };
  return {
    format: 'csv',
    totalBytes,
    columns: readHeader,
    async *records(signal) {
      const columns = await readHeader();
      const stream = parser();
      let index = 0;
      try {
        for await (const { record, info } of stream as AsyncIterable<{ record: Buffer[]; info: { bytes: number } }>) {
          if (index++ === 0) continue;
          signal?.throwIfAborted();
          const where = `row ${index}`;
          const values: Record<string, RawValue> = {};
          columns.forEach((name, c) => (values[name] = decodeUtf8(record[c], file, where, name)));
          yield { where, index: index - 1, values, bytesRead: info.bytes };
        }
      } catch (err) {
        throw csvError(err, file);
      } finally {
        stream.destroy();
      }
    },
  };
}

function csvError(err: unknown, file: string): unknown {
  if (err instanceof StudioError || (err as Error).name === 'AbortError') return err;
  const zlib = streamError(err, file);
  if (zlib !== err) return zlib;
  const e = err as { code?: string; message: string; records?: number; lines?: number };
  if (typeof e.code === 'string' && e.code.startsWith('CSV_')) {
    // csv-parse counts records from 1 with the header as record 1, like our rows
    const row = e.records !== undefined ? `row ${e.records + 1}` : `line ${e.lines ?? '?'}`;
    return new StudioError('bad-file', `the CSV file cannot be parsed at ${row}: ${e.message.replace(/^Invalid Record Length: /, '')}`, `${file}, ${row}`);
  }
  return err;
}

/** Splits a byte stream on \n, yielding each line's bytes (without \r\n) and the bytes read so far. */
async function* byteLines(file: string): AsyncGenerator<{ line: Buffer; bytesRead: number }> {
  let rest: Buffer = Buffer.alloc(0);
  let bytesRead = 0;
  const stream = openBytes(file);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytesRead += chunk.length;
      let buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let nl: number;
      while ((nl = buf.indexOf(0x0a)) >= 0) {
        const end = nl > 0 && buf[nl - 1] === 0x0d ? nl - 1 : nl;
        yield { line: buf.subarray(0, end), bytesRead };
        buf = buf.subarray(nl + 1);
      }
      rest = Buffer.from(buf);
    }
  } catch (err) {
    throw streamError(err, file);
  } finally {
    stream.destroy();
  }
  if (rest.length) yield { line: rest, bytesRead };
}

function jsonlSource(file: string, totalBytes: number): SourceReader {
  async function* records(signal?: AbortSignal): AsyncGenerator<SourceRecord> {
    let lineNo = 0;
    let index = 0;
    for await (const { line, bytesRead } of byteLines(file)) {
      lineNo++;
      signal?.throwIfAborted();
      const where = `line ${lineNo}`;
      let text = decodeUtf8(line, file, where);
      if (lineNo === 1) text = text.replace(/^\uFEFF/, '');
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new StudioError('bad-file', `${where} is not valid JSON: ${(err as Error).message}`, `${file}, ${where}`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new StudioError('bad-file', `${where} is not a JSON object (JSONL holds one object per line)`, `${file}, ${where}`);
      }
      yield { where, index: ++index, values: value as Record<string, RawValue>, bytesRead };
    }
  }
  return {
    format: 'jsonl',
    totalBytes,
    async columns() {
      // The keys of the first records, in order of first appearance: enough for a mapping form.
      const keys = new Set<string>();
      let n = 0;
      for await (const r of records()) {
        Object.keys(r.values).forEach((k) => keys.add(k));
        if (++n >= 20) break;
      }
      return [...keys];
    },
    records,
  };
}

async function txtFolderSource(dir: string): Promise<SourceReader> {
  const names = (await fs.readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.txt'))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) throw new StudioError('bad-file', 'the folder holds no .txt files', dir);
  const sizes = await Promise.all(names.map(async (n) => (await fs.stat(path.join(dir, n))).size));
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  return {
    format: 'txt-folder',
    totalBytes,
    columns: async () => TXT_COLUMNS,
    async *records(signal) {
      let bytesRead = 0;
      for (let i = 0; i < names.length; i++) {
        signal?.throwIfAborted();
        const file = path.join(dir, names[i]);
        const bytes = await fs.readFile(file);
        if (bytes.includes(0)) throw new StudioError('bad-file', `${names[i]} is not a text file: it holds binary data (NUL bytes)`, file);
        const text = decodeUtf8(bytes, file, names[i]).replace(/^\uFEFF/, '');
        bytesRead += sizes[i];
        yield { where: names[i], index: i + 1, values: { text, file: names[i] }, bytesRead };
      }
    },
  };
}
