import { sizeOf, type Shape } from '../ir/tensor';
import { stridesOf } from '../ir/broadcast';
import type { NDArray } from '../ops/registry';

/** Plain-loop helpers for the float64 reference implementations. */

export function nd(shape: Shape, data?: Float64Array): NDArray {
  return { shape: [...shape], data: data ?? new Float64Array(sizeOf(shape)) };
}

/** Index into `src` for each flat index of `outShape`, with size-1 (or missing) axes broadcast. */
function broadcastIndex(src: Shape, outShape: Shape): Int32Array {
  const n = sizeOf(outShape);
  const idx = new Int32Array(n);
  const r = outShape.length;
  const srcStrides = stridesOf(src);
  const coords = new Array<number>(r).fill(0);
  for (let flat = 0; flat < n; flat++) {
    let off = 0;
    for (let i = 0; i < r; i++) {
      const si = i - (r - src.length);
      if (si >= 0 && src[si] !== 1) off += coords[i] * srcStrides[si];
    }
    idx[flat] = off;
    for (let i = r - 1; i >= 0; i--) {
      if (++coords[i] < outShape[i]) break;
      coords[i] = 0;
    }
  }
  return idx;
}

export function mapN(outShape: Shape, inputs: NDArray[], f: (...v: number[]) => number): NDArray {
  const out = nd(outShape);
  const maps = inputs.map((x) => broadcastIndex(x.shape, outShape));
  const vals = new Array<number>(inputs.length);
  for (let i = 0; i < out.data.length; i++) {
    for (let k = 0; k < inputs.length; k++) vals[k] = inputs[k].data[maps[k][i]];
    out.data[i] = f(...vals);
  }
  return out;
}

export function expandTo(x: NDArray, shape: Shape): NDArray {
  return mapN(shape, [x], (v) => v);
}

/** Reduces over `axes` (sorted, normalised) with `init`/`step`/`finish`; keepdims chooses the output rank. */
export function reduce(x: NDArray, axes: number[], keepdims: boolean, init: number, step: (acc: number, v: number) => number, finish: (acc: number, count: number) => number = (a) => a): NDArray {
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = nd(keptShape);
  out.data.fill(init);
  const map = broadcastIndex(keptShape, x.shape);
  for (let i = 0; i < x.data.length; i++) out.data[map[i]] = step(out.data[map[i]], x.data[i]);
  const count = x.data.length / Math.max(out.data.length, 1);
  for (let i = 0; i < out.data.length; i++) out.data[i] = finish(out.data[i], count);
  if (!keepdims) out.shape = x.shape.filter((_, i) => !axes.includes(i));
  return out;
}

export function transposeND(x: NDArray, perm: number[]): NDArray {
  const outShape = perm.map((p) => x.shape[p]);
  const out = nd(outShape);
  const inStrides = stridesOf(x.shape);
  const r = outShape.length;
  const coords = new Array<number>(r).fill(0);
  for (let flat = 0; flat < out.data.length; flat++) {
    let off = 0;
    for (let i = 0; i < r; i++) off += coords[i] * inStrides[perm[i]];
    out.data[flat] = x.data[off];
    for (let i = r - 1; i >= 0; i--) {
      if (++coords[i] < outShape[i]) break;
      coords[i] = 0;
    }
  }
  return out;
}

/** Splits a shape around `axis` into (outer, len, inner) so per-axis loops stay simple. */
export function around(shape: Shape, axis: number): [number, number, number] {
  return [sizeOf(shape.slice(0, axis)), shape[axis], sizeOf(shape.slice(axis + 1))];
}
