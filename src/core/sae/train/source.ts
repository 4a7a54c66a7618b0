import { StudioError } from '../../../shared/errors';
import type { ActivationStore } from '../../data/store';
import { Rng } from '../../io/rng';

/**
 * Where training rows come from: an endless shuffled stream of full batches that can be
 * reopened at any row position (resume), a seeded sample (b_dec, whitening) and the
 * validation rows in order (evaluation).
 */
export interface BatchSource {
  dims: number;
  batches(batchSize: number, startRow: number): AsyncIterable<Float32Array>;
  sample(rows: number): Promise<Float32Array>;
  validation(batchSize: number): AsyncIterable<Float32Array>;
}

/** The train split of an activation store, shuffled with `seed`. */
export function storeSource(store: ActivationStore, seed: number): BatchSource {
  const [lo, hi] = store.splitRange('train');
  return {
    dims: store.dims,
    batches: (batchSize, startRow) => store.batches({ split: 'train', batchSize, seed, startRow }),
    sample: (rows) => store.sample(Math.min(rows, hi - lo), { split: 'train', seed }),
    validation: (batchSize) => store.batches({ split: store.splitRange('validation')[1] > store.splitRange('validation')[0] ? 'validation' : 'train', batchSize, shuffle: false }),
  };
}

/**
 * Rows held in memory (toy data, tests): the first `trainRows` rows train, the rest validate.
 * Epoch e is a permutation of the train rows drawn from (seed, e), so row position r always
 * maps to the same row.
 */
export function arraySource(data: Float32Array, dims: number, trainRows: number, seed: number): BatchSource {
  const rows = data.length / dims;
  if (!Number.isInteger(rows) || trainRows < 1 || trainRows > rows) throw new StudioError('shape', `${data.length} values are not ${trainRows}+ rows of ${dims}`, 'data');
  const perm = (epoch: number) => new Rng(seed * 7919 + epoch + 1).shuffle(Array.from({ length: trainRows }, (_, i) => i));
  const rowsAt = (idx: number[]) => {
    const out = new Float32Array(idx.length * dims);
    idx.forEach((r, i) => out.set(data.subarray(r * dims, (r + 1) * dims), i * dims));
    return out;
  };
  return {
    dims,
    async *batches(batchSize, startRow) {
      let pos = startRow;
      let epoch = -1;
      let order: number[] = [];
      for (;;) {
        const idx: number[] = [];
        while (idx.length < batchSize) {
          const e = Math.floor(pos / trainRows);
          if (e !== epoch) [epoch, order] = [e, perm(e)];
          idx.push(order[pos % trainRows]);
          pos++;
        }
        yield rowsAt(idx);
      }
    },
    sample: async (n) => rowsAt(perm(-1).slice(0, Math.min(n, trainRows))),
    async *validation(batchSize) {
      const [lo, hi] = trainRows < rows ? [trainRows, rows] : [0, rows];
      for (let r = lo; r < hi; r += batchSize) yield data.slice(r * dims, Math.min(hi, r + batchSize) * dims);
    },
  };
}
