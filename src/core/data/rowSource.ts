import { StudioError } from '../../shared/errors';
import type { MatrixSource } from './matrix';

/**
 * What an import reads: rows of `cols` float32 values in order, chunk by chunk, so a file of
 * any size is copied in bounded memory. Formats that know their row count up front say so
 * (progress in rows); a CSV learns it only at the end (progress in bytes).
 */
export interface RowSource {
  readonly cols: number;
  /** the row count, when the file's header states it */
  readonly rows?: number;
  /** the tensor or column read, where the file holds several */
  readonly tensor?: string;
  /** what was converted on the way in (float64 narrowed, a folder's shards joined, …) */
  readonly notes: string[];
  /** names a value's place in the user's file (CSV: row with header = row 1 and column name); default: 0-based element */
  readonly locate?: (row: number, col: number) => string;
  /** more to record in the dataset's `source` (an Arrow cache's context size) */
  readonly source?: Record<string, unknown>;
  /** successive chunks of whole rows (a chunk may be reused by the next call: copy to keep) */
  chunks(chunkRows: number): AsyncIterable<RowChunk>;
  close(): Promise<void>;
}

export interface RowChunk {
  data: Float32Array;
  /** progress after this chunk, in `unit` */
  done: number;
  total: number;
  unit: 'rows' | 'bytes';
}

/** A random-access matrix read front to back. */
export function rowSourceOf(src: MatrixSource, extra: { tensor?: string; notes?: string[] } = {}): RowSource {
  return {
    cols: src.cols,
    rows: src.rows,
    tensor: extra.tensor,
    notes: extra.notes ?? [],
    async *chunks(chunkRows) {
      const buf = new Float32Array(Math.max(1, Math.min(chunkRows, src.rows)) * src.cols);
      for (let start = 0; start < src.rows; start += chunkRows) {
        const count = Math.min(chunkRows, src.rows - start);
        yield { data: await src.readRows(start, count, buf), done: start + count, total: src.rows, unit: 'rows' as const };
      }
    },
    close: () => src.close(),
  };
}

/** Several sources with the same width, one after the other (shards of one dataset). */
export function concatRowSources(parts: RowSource[], where: string, notes: string[]): RowSource {
  const cols = parts[0].cols;
  const bad = parts.findIndex((p) => p.cols !== cols);
  if (bad >= 0) throw new StudioError('shape', `part ${bad + 1} has ${parts[bad].cols} columns but the first has ${cols}`, where);
  const rows = parts.every((p) => p.rows !== undefined) ? parts.reduce((a, p) => a + (p.rows ?? 0), 0) : undefined;
  const tensors = new Set(parts.map((p) => p.tensor));
  return {
    cols,
    rows,
    tensor: tensors.size === 1 ? parts[0].tensor : undefined,
    source: parts[0].source,
    notes: [...notes, ...new Set(parts.flatMap((p) => p.notes))],
    async *chunks(chunkRows) {
      let before = 0;
      for (const part of parts) {
        let last = 0;
        for await (const c of part.chunks(chunkRows)) {
          last = c.done;
          yield rows === undefined ? c : { ...c, done: before + c.done, total: rows };
        }
        before += part.rows ?? last;
      }
    },
    async close() {
      for (const p of parts) await p.close();
    },
  };
}
