import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { type Data, type DataType, type Field, RecordBatchReader, Type } from 'apache-arrow';
import { StudioError } from '../../shared/errors';
import { halfArrayToFloat } from './float16';
import type { ImportInspection, ImportTensor } from './import';
import { concatRowSources, type RowSource } from './rowSource';

/**
 * Arrow IPC files and Hugging Face datasets saved with `save_to_disk` (a folder with
 * state.json naming its `.arrow` stream files) through apache-arrow, one record batch at a
 * time. SAELens's cached activations are such datasets: one column named by the hook, each
 * row a `[context_size, d_in]` Array2D (stored as a list of lists of floats), so a row
 * becomes context_size activation rows of d_in. A column of float lists is rows of that
 * width, a float column one value per row.
 */

const FLOAT_TYPES = new Set<Type>([Type.Float]);

/** How deep the lists of a column go: 0 for a float column, 1 for list<float>, 2 for list<list<float>>; null when not numeric. */
function listDepth(type: DataType): number | null {
  let depth = 0;
  let t: DataType = type;
  while (t.typeId === Type.List || t.typeId === Type.FixedSizeList || t.typeId === Type.LargeList) {
    t = (t.children[0] as Field).type;
    depth++;
  }
  return FLOAT_TYPES.has(t.typeId) && depth <= 2 ? depth : null;
}

/** The `.arrow` files a path stands for: itself, or a saved dataset's data files (shard folders in order). */
export async function arrowFiles(target: string): Promise<string[]> {
  const stat = await fs.stat(target);
  if (!stat.isDirectory()) return [target];
  const state = path.join(target, 'state.json');
  const raw = await fs.readFile(state, 'utf8').catch(() => null);
  if (raw !== null) {
    let files: unknown;
    try {
      files = (JSON.parse(raw) as { _data_files?: { filename?: unknown }[] })._data_files?.map((f) => f.filename);
    } catch (err) {
      throw new StudioError('bad-file', `state.json is not JSON: ${(err as Error).message}`, state);
    }
    if (!Array.isArray(files) || files.length === 0 || files.some((f) => typeof f !== 'string' || f.includes('/') || f.includes('\\'))) {
      throw new StudioError('bad-file', 'state.json has no _data_files list of file names', `${state}: _data_files`);
    }
    return (files as string[]).map((f) => path.join(target, f));
  }
  const names = (await fs.readdir(target, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const out: string[] = [];
  for (const e of names) {
    if (e.isFile() && e.name.endsWith('.arrow')) out.push(path.join(target, e.name));
    else if (e.isDirectory() && !e.name.startsWith('.')) {
      const sub = path.join(target, e.name);
      if (await fs.stat(path.join(sub, 'state.json')).catch(() => null)) out.push(...(await arrowFiles(sub)));
    }
  }
  if (out.length === 0) throw new StudioError('bad-file', 'the folder holds no .arrow files nor a saved dataset (state.json)', target);
  return out;
}

async function openReader(file: string) {
  try {
    const reader = await RecordBatchReader.from(createReadStream(file));
    await reader.open();
    return reader;
  } catch (err) {
    throw new StudioError('bad-file', `not an Arrow IPC stream: ${(err as Error).message}`, file);
  }
}

interface Flat {
  values: ArrayLike<number>;
  /** inner rows and their width */
  rows: number;
  cols: number;
  /** where the first value is in `values` */
  start: number;
}

/** A batch's column as a dense row-major block; lists of unequal length are refused by row. */
function flatten(data: Data, depth: number, where: string, firstRow: number): Flat {
  if (data.nullCount > 0) throw new StudioError('bad-file', 'the column has null values', where);
  if (depth === 0) return { values: data.values as ArrayLike<number>, rows: data.length, cols: 1, start: data.offset };
  let offsets = [data.offset, data.offset + data.length];
  let d: Data = data;
  for (let level = 0; level < depth; level++) {
    const isFixed = d.type.typeId === Type.FixedSizeList;
    const size = isFixed ? (d.type as unknown as { listSize: number }).listSize : 0;
    const at = (i: number) => (isFixed ? i * size : Number(d.valueOffsets[i]));
    const lo = at(offsets[0]);
    const hi = at(offsets[1]);
    if (level === depth - 1) {
      const rows = offsets[1] - offsets[0];
      const cols = rows ? (hi - lo) / rows : 0;
      for (let i = offsets[0]; i < offsets[1]; i++) {
        if (at(i + 1) - at(i) !== cols) throw new StudioError('bad-file', `list lengths differ (${at(i + 1) - at(i)} against ${cols})`, `${where}: row ${firstRow}`);
      }
      const child = d.children[0];
      if (child.nullCount > 0) throw new StudioError('bad-file', 'the column has null values', where);
      return { values: child.values as ArrayLike<number>, rows, cols, start: child.offset + lo };
    }
    offsets = [lo, hi];
    d = d.children[0];
    if (d.nullCount > 0) throw new StudioError('bad-file', 'the column has null values', where);
  }
  throw new StudioError('internal', 'unreachable', where);
}

function toFloat32(flat: Flat, typeId: Type, precision: number, out: Float32Array): void {
  const n = flat.rows * flat.cols;
  if (typeId === Type.Float && precision === 0) halfArrayToFloat((flat.values as Uint16Array).subarray(flat.start, flat.start + n), out);
  else for (let i = 0; i < n; i++) out[i] = flat.values[flat.start + i];
}

function leafType(type: DataType): DataType {
  let t = type;
  while (t.children?.length) t = (t.children[0] as Field).type;
  return t;
}

/** The numeric columns, with their row width from the first batch. */
export async function inspectArrow(target: string): Promise<ImportInspection> {
  const files = await arrowFiles(target);
  const reader = await openReader(files[0]);
  try {
    const first = await reader.next();
    const batch = first.done ? undefined : first.value;
    const tensors: ImportTensor[] = reader.schema.fields.map((f) => {
      const depth = listDepth(f.type);
      if (depth === null) return { name: f.name, shape: [], dtype: String(f.type), importable: false, reason: 'not a float column or a list of floats' };
      const leaf = String(leafType(f.type)).toLowerCase();
      if (!batch || batch.numRows === 0) return { name: f.name, shape: [], dtype: leaf, importable: false, reason: 'the first record batch is empty' };
      const data = batch.getChild(f.name)!.data[0];
      const flat = flatten(data.slice(0, 1), depth, `${files[0]}: ${f.name}`, 0);
      const perRow = depth === 2 ? [flat.rows, flat.cols] : depth === 1 ? [flat.cols] : [];
      const note = leaf !== 'float32' ? `${leaf} values are converted to float32` : undefined;
      // Rows are counted as the batches stream by; -1 marks the count as unknown up front.
      return { name: f.name, shape: [-1, ...perRow], dtype: leaf, importable: true, ...(note ? { note } : {}) };
    });
    return { format: 'arrow', tensors, notes: files.length > 1 ? [`${files.length} Arrow files read in order`] : [] };
  } finally {
    await reader.cancel();
  }
}

/** One column as rows; the files of a saved dataset follow each other. */
export async function openArrowColumn(target: string, column: string): Promise<RowSource> {
  const files = await arrowFiles(target);
  const sizes = await Promise.all(files.map(async (f) => (await fs.stat(f)).size));
  const total = sizes.reduce((a, b) => a + b, 0);
  const probe = await inspectArrow(target);
  const t = probe.tensors.find((x) => x.name === column);
  if (!t) throw new StudioError('not-found', `no column named ${column} (${probe.tensors.map((x) => x.name).join(', ')})`, `${target}: ${column}`);
  if (!t.importable) throw new StudioError('unsupported', `column ${column}: ${t.reason}`, `${target}: ${column}`);
  const cols = t.shape.at(-1)!;
  const parts = files.map((file, k): RowSource => ({
    cols: t.shape.length === 1 ? 1 : cols,
    notes: t.note ? [t.note] : [],
    tensor: column,
    // An Array2D row is one sequence: its length is the context size the activations were cached at.
    ...(t.shape.length === 3 ? { source: { contextSize: t.shape[1] } } : {}),
    async *chunks() {
      const before = sizes.slice(0, k).reduce((a, b) => a + b, 0);
      const stream = createReadStream(file);
      let reader;
      try {
        reader = await RecordBatchReader.from(stream);
        await reader.open();
      } catch (err) {
        throw new StudioError('bad-file', `not an Arrow IPC stream: ${(err as Error).message}`, file);
      }
      const field = reader.schema.fields.find((f) => f.name === column);
      if (!field) throw new StudioError('bad-file', `the file has no column ${column}`, file);
      const depth = listDepth(field.type)!;
      const leaf = leafType(field.type) as DataType & { precision: number };
      let row = 0;
      let out = new Float32Array(0);
      for await (const batch of reader) {
        for (const data of batch.getChild(column)!.data) {
          const flat = flatten(data, depth, `${file}: ${column}`, row);
          if (flat.rows && flat.cols !== (t.shape.length === 1 ? 1 : cols)) throw new StudioError('shape', `rows have ${flat.cols} values but the first had ${cols}`, `${file}: ${column}, row ${row}`);
          if (out.length < flat.rows * flat.cols) out = new Float32Array(flat.rows * flat.cols);
          const view = out.subarray(0, flat.rows * flat.cols);
          toFloat32(flat, leaf.typeId, leaf.precision, view);
          row += data.length;
          yield { data: view, done: before + stream.bytesRead, total, unit: 'bytes' as const };
        }
      }
    },
    close: async () => undefined,
  }));
  return concatRowSources(parts, target, files.length > 1 ? [`${files.length} Arrow files read in order`] : []);
}
