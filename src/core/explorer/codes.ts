import { CompiledSae } from '../sae/checkpoint/compiled';
import type { Sae } from '../sae/checkpoint/sae';
import type { SparseActivations } from '../evals/board';

/** Rows encoded at a time: the dense codes of one chunk are rows × dSae floats. */
const CHUNK_ROWS = 256;

/**
 * The SAE's codes of `rows` rows of x as sparse rows (only values > 0 are kept: the explorer,
 * like the board metrics, reads a feature as firing when f > 0). Encoded in chunks so memory
 * stays at the sparse result plus one chunk of dense codes; one compiled session encodes them all.
 */
export async function encodeSparse(sae: Sae, x: Float32Array, rows: number, onRows?: (done: number) => void): Promise<SparseActivations> {
  const m = sae.dSae;
  const rowStart = new Uint32Array(rows + 1);
  let index = new Uint32Array(Math.max(16, rows * 8));
  let value = new Float32Array(index.length);
  let nnz = 0;
  const compiled = await CompiledSae.create(sae, { chunkRows: Math.min(CHUNK_ROWS, Math.max(1, rows)), outputs: 'encode' });
  try {
    for (let r0 = 0; r0 < rows; r0 += CHUNK_ROWS) {
      const n = Math.min(CHUNK_ROWS, rows - r0);
      const f = await compiled.encode(x.subarray(r0 * sae.dIn, (r0 + n) * sae.dIn));
      for (let r = 0; r < n; r++) {
        for (let i = 0; i < m; i++) {
          const v = f[r * m + i];
          if (!(v > 0)) continue;
          if (nnz === index.length) [index, value] = [grow(index), grow(value)];
          index[nnz] = i;
          value[nnz++] = v;
        }
        rowStart[r0 + r + 1] = nnz;
      }
      onRows?.(r0 + n);
    }
  } finally {
    await compiled.dispose();
  }
  return { rowStart, index: index.slice(0, nnz), value: value.slice(0, nnz), features: m };
}

function grow<T extends Uint32Array | Float32Array>(a: T): T {
  const out = new (a.constructor as new (n: number) => T)(a.length * 2);
  out.set(a);
  return out;
}
