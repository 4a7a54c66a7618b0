import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitWhitening, whitenBatch } from '../../data/whiten';
import { collectResiduals, loadOthelloModel, othelloHeldOutGames } from '../../games/lm';
import { BatchWhitener } from './whitener';

// Real activations: the shipped Othello model's residual stream after block 1 (resources/models/othello,
// trained by scripts/train-othello-model.ts) at every position of 20 held-out games, 1,180 rows × 128.
let x: Float32Array;
let dims: number;
beforeAll(async () => {
  const model = await loadOthelloModel();
  const { byLayer } = await collectResiduals(model, othelloHeldOutGames(20, 3), [1], { threads: 1 });
  [x, dims] = [byLayer[0], model.config.gpt.d];
});

describe('BatchWhitener', () => {
  const made: BatchWhitener[] = [];
  afterAll(async () => Promise.all(made.map((w) => w.dispose())));

  for (const kind of ['pca', 'zca'] as const) {
    it(`whitens real activations as the float64 reference does (${kind}, rows not a multiple of the chunk)`, async () => {
      const rows = x.length / dims;
      const w = fitWhitening(x, rows, dims, { kind });
      const whitener = await BatchWhitener.create(w, 256, { threads: 1 });
      made.push(whitener);
      const got = await whitener.apply(x);
      const want = whitenBatch(w, x);
      expect(got).toHaveLength(want.length);
      let worst = 0;
      for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i] - want[i]));
      // whitened coordinates have unit variance: float32 products agree to about 1e-5 of that
      expect(worst).toBeLessThan(1e-3);
      // and the result is white: the covariance of the whitened rows is the identity (PCA and ZCA alike)
      const mean = new Float64Array(dims);
      for (let r = 0; r < rows; r++) for (let j = 0; j < dims; j++) mean[j] += got[r * dims + j] / rows;
      let offDiag = 0;
      let diag = 0;
      for (const [a, b] of [[0, 0], [0, 1], [5, 5], [7, 40], [dims - 1, dims - 1]]) {
        let c = 0;
        for (let r = 0; r < rows; r++) c += (got[r * dims + a] - mean[a]) * (got[r * dims + b] - mean[b]);
        c /= rows;
        if (a === b) diag = Math.max(diag, Math.abs(c - 1));
        else offDiag = Math.max(offDiag, Math.abs(c));
      }
      expect(diag).toBeLessThan(0.05);
      expect(offDiag).toBeLessThan(0.05);
    });
  }

  it('names the width it expects for a ragged input', async () => {
    const w = fitWhitening(x, x.length / dims, dims, { kind: 'pca' });
    const whitener = await BatchWhitener.create(w, 64, { threads: 1 });
    made.push(whitener);
    await expect(whitener.apply(x.subarray(0, dims + 3))).rejects.toMatchObject({ code: 'shape', where: 'x', message: expect.stringContaining(`${dims} dims`) });
  });
});
