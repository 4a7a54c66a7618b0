import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetRead, parquetSchema, type SchemaTree } from 'hyparquet';
import { StudioError } from '../../shared/errors';
import { openError } from '../io/regularFile';
import type { ImportInspection, ImportTensor } from './import';
import type { RowSource } from './rowSource';

/**
 * Parquet files through hyparquet, one row group at a time. A column of floats is one value
 * per row, a LIST of floats a row of that width, a LIST of LISTs (an Array2D such as
 * `[context_size, d_in]`) as many rows as its outer length.
 */

const FLOAT_LEAVES = new Set(['FLOAT', 'DOUBLE']);

/** Lists above the leaf (0, 1 or 2) for a numeric column; null otherwise. */
function listDepth(node: SchemaTree): number | null {
  let depth = 0;
  let n = node;
  for (;;) {
    if (n.element.converted_type === 'LIST' || n.element.logical_type?.type === 'LIST') {
      // The standard three-level LIST: the column, a repeated group, the element.
      const repeated = n.children[0];
      n = repeated?.children.length === 1 ? repeated.children[0] : repeated;
      if (!n) return null;
      depth++;
    } else break;
  }
  return n.children.length === 0 && FLOAT_LEAVES.has(n.element.type ?? '') && depth <= 2 ? depth : null;
}

async function open(file: string): Promise<{ metadata: FileMetaData; buffer: Awaited<ReturnType<typeof asyncBufferFromFile>> }> {
  let buffer: Awaited<ReturnType<typeof asyncBufferFromFile>>;
  try {
    buffer = await asyncBufferFromFile(file);
  } catch (err) {
    throw openError(err as NodeJS.ErrnoException, file);
  }
  try {
    return { metadata: await parquetMetadataAsync(buffer), buffer };
  } catch (err) {
    throw new StudioError('bad-file', `not a Parquet file: ${(err as Error).message}`, file);
  }
}

async function readRows(file: string, src: Awaited<ReturnType<typeof open>>, column: string, rowStart: number, rowEnd: number): Promise<unknown[]> {
  let rows: unknown[][] = [];
  try {
    await parquetRead({ file: src.buffer, metadata: src.metadata, columns: [column], rowStart, rowEnd, onComplete: (r) => (rows = r as unknown[][]) });
  } catch (err) {
    throw new StudioError('bad-file', `cannot read column ${column}: ${(err as Error).message}`, `${file}: ${column}`);
  }
  return rows.map((r) => r[0]);
}

/** The shape of one row's value: [] for a float, [d] for a list, [n, d] for a list of lists. */
function shapeOf(value: unknown, depth: number, where: string): number[] {
  if (depth === 0) return [];
  if (!Array.isArray(value)) throw new StudioError('bad-file', 'a list value is null', where);
  if (depth === 1) return [value.length];
  return [value.length, Array.isArray(value[0]) ? (value[0] as unknown[]).length : 0];
}

export async function inspectParquet(file: string): Promise<ImportInspection> {
  const src = await open(file);
  const total = Number(src.metadata.num_rows);
  const tensors: ImportTensor[] = [];
  for (const node of parquetSchema(src.metadata).children) {
    const name = node.element.name;
    const depth = listDepth(node);
    if (depth === null) {
      tensors.push({ name, shape: [], dtype: node.element.type ?? 'group', importable: false, reason: 'not a float column or a list of floats' });
      continue;
    }
    if (total === 0) {
      tensors.push({ name, shape: [], dtype: 'float32', importable: false, reason: 'the file has no rows' });
      continue;
    }
    const [first] = await readRows(file, src, name, 0, 1);
    const per = shapeOf(first, depth, `${file}: ${name}, row 1`);
    const shape = per.length === 2 ? [total * per[0], per[1]] : [total, ...(per.length ? per : [1])];
    tensors.push({ name, shape, dtype: 'float32', importable: true, ...(leafIsDouble(node) ? { note: 'DOUBLE values are converted to float32' } : {}) });
  }
  return { format: 'parquet', tensors };
}

function leafIsDouble(node: SchemaTree): boolean {
  let n = node;
  while (n.children.length) n = n.children[0];
  return n.element.type === 'DOUBLE';
}

export async function openParquetColumn(file: string, column: string): Promise<RowSource> {
  const info = (await inspectParquet(file)).tensors.find((t) => t.name === column);
  if (!info) throw new StudioError('not-found', `no column named ${column}`, `${file}: ${column}`);
  if (!info.importable) throw new StudioError('unsupported', `column ${column}: ${info.reason}`, `${file}: ${column}`);
  const src = await open(file);
  const node = parquetSchema(src.metadata).children.find((c) => c.element.name === column)!;
  const depth = listDepth(node)!;
  const [rows, cols] = info.shape;
  const perRow = rows / Number(src.metadata.num_rows);
  return {
    rows,
    cols,
    tensor: column,
    notes: info.note ? [info.note] : [],
    async *chunks() {
      let row = 0;
      let out = new Float32Array(0);
      for (const group of src.metadata.row_groups) {
        const n = Number(group.num_rows);
        const values = await readRows(file, src, column, row, row + n);
        if (out.length < n * perRow * cols) out = new Float32Array(n * perRow * cols);
        let k = 0;
        values.forEach((v, i) => {
          const where = `${file}: ${column}, row ${row + i + 1}`;
          const shape = shapeOf(v, depth, where);
          if ((depth === 1 && shape[0] !== cols) || (depth === 2 && (shape[0] !== perRow || shape[1] !== cols))) {
            throw new StudioError('shape', `the value has shape [${shape.join(', ')}] but the first row's is [${info.shape.slice(1).join(', ')}]`, where);
          }
          const flat = depth === 0 ? [v] : depth === 1 ? (v as unknown[]) : (v as unknown[][]).flat();
          for (const x of flat) {
            if (typeof x !== 'number') throw new StudioError('bad-file', `not a number: ${JSON.stringify(x)}`, where);
            out[k++] = x;
          }
        });
        row += n;
        yield { data: out.subarray(0, k), done: row * perRow, total: rows, unit: 'rows' as const };
      }
    },
    close: async () => undefined,
  };
}
