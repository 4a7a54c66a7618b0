import { Tensor, sizeOf, fmtShape } from '../ir/tensor';
import { broadcastShapes, stridesOf } from '../ir/broadcast';
import { nd } from '../reference/nd';
import { lowerMatmul } from './gemm';
import { apply, defineOp, fault, type NDArray } from './registry';
import { sumTo } from './reduce';
import { reshape, transposeLast } from './shape';

function matmulRef(a: NDArray, b: NDArray, outShape: number[]): NDArray {
  const out = nd(outShape);
  const r = outShape.length;
  const [m, n] = [outShape[r - 2], outShape[r - 1]];
  const k = a.shape[a.shape.length - 1];
  const batch = outShape.slice(0, -2);
  const nb = sizeOf(batch);
  const offsetOf = (x: NDArray, bi: number) => {
    const xb = x.shape.slice(0, -2);
    const xs = stridesOf(xb);
    const bs = stridesOf(batch);
    let off = 0;
    for (let i = 0; i < batch.length; i++) {
      const xi = i - (batch.length - xb.length);
      const c = Math.floor(bi / bs[i]) % batch[i];
      if (xi >= 0 && xb[xi] !== 1) off += c * xs[xi];
    }
    return off * x.shape[x.shape.length - 2] * x.shape[x.shape.length - 1];
  };
  for (let bi = 0; bi < nb; bi++) {
    const ao = offsetOf(a, bi);
    const bo = offsetOf(b, bi);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let t = 0; t < k; t++) s += a.data[ao + i * k + t] * b.data[bo + t * n + j];
        out.data[(bi * m + i) * n + j] = s;
      }
    }
  }
  return out;
}

// d(A·B) = g·Bᵀ for A, Aᵀ·g for B (summed over broadcast batch axes)
defineOp('matmul', {
  shape: ([a, b]) => {
    if (a.rank < 2 || b.rank < 2) fault('both operands need rank ≥ 2');
    if (a.dtype !== b.dtype) fault(`dtypes differ: ${a.dtype} vs ${b.dtype}`);
    const k = a.shape[a.rank - 1];
    if (k !== b.shape[b.rank - 2]) fault(`inner dimensions differ: ${fmtShape(a.shape)} · ${fmtShape(b.shape)}`);
    const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
    return { shape: [...batch, a.shape[a.rank - 2], b.shape[b.rank - 1]], dtype: a.dtype };
  },
  lower: (n, [a, b], ctx) => lowerMatmul(n, a, b, ctx),
  vjp: (n, g) => {
    const [a, b] = n.inputs;
    const da = sumTo(matmul(g, transposeLast(b)), a.shape);
    // A shared weight (b of rank 2) gets one big matmul over the flattened batch instead of a batched one and a sum.
    const db = b.rank === 2 && a.rank > 2
      ? matmul(transposeLast(reshape(a, [-1, a.shape[a.rank - 1]])), reshape(g, [-1, g.shape[g.rank - 1]]))
      : sumTo(matmul(transposeLast(a), g), b.shape);
    return [da, db];
  },
  reference: ([a, b], n) => matmulRef(a, b, [...n.shape]),
});

/** Batched matrix product over the last two axes; leading axes broadcast. */
export const matmul = (a: Tensor, b: Tensor) => apply('matmul', [a, b]);
