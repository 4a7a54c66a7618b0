import { plane, tileMeans, type Plane } from './grid';

/**
 * The image operations of the layout feature language — what MLLMA's LLM-written OpenCV code
 * did (thresholds, contours and connected components of macros, distances to macro edges,
 * local variance, gradients, tile statistics), as plain loops over a Plane. All are O(h·w).
 */

const map = (p: Plane, f: (v: number, i: number) => number): Plane => plane(p.h, p.w, Float32Array.from(p.data, f));

/** 1 where v ≥ t, else 0. */
export const above = (p: Plane, t: number): Plane => map(p, (v) => (v >= t ? 1 : 0));

/** The q-quantile of a plane's values (linear interpolation). */
export function quantileOf(p: Plane, q: number): number {
  const s = Float32Array.from(p.data).sort();
  const pos = Math.min(1, Math.max(0, q)) * (s.length - 1);
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}

/** 1 on the top (1 − q) share of values: v ≥ quantile_q and above the map's minimum (so a mostly-zero map does not light up everywhere). */
export function topShare(p: Plane, q: number): Plane {
  const t = quantileOf(p, q);
  let min = Infinity;
  for (const v of p.data) if (v < min) min = v;
  return map(p, (v) => (v >= t && v > min ? 1 : 0));
}

/** Integral image with a zero row and column in front: S[y+1][x+1] = Σ p[0..y][0..x]. */
function integral(p: Plane, f: (v: number) => number = (v) => v): Float64Array {
  const W = p.w + 1;
  const s = new Float64Array((p.h + 1) * W);
  for (let y = 0; y < p.h; y++) {
    let row = 0;
    for (let x = 0; x < p.w; x++) {
      row += f(p.data[y * p.w + x]);
      s[(y + 1) * W + x + 1] = s[y * W + x + 1] + row;
    }
  }
  return s;
}

/** Box sums over the (2r+1)² window clipped to the map, with the window's pixel count. */
function boxStats(p: Plane, r: number, s: Float64Array, visit: (i: number, sum: number, n: number) => void): void {
  const W = p.w + 1;
  for (let y = 0; y < p.h; y++) {
    const y0 = Math.max(0, y - r);
    const y1 = Math.min(p.h, y + r + 1);
    for (let x = 0; x < p.w; x++) {
      const x0 = Math.max(0, x - r);
      const x1 = Math.min(p.w, x + r + 1);
      const sum = s[y1 * W + x1] - s[y0 * W + x1] - s[y1 * W + x0] + s[y0 * W + x0];
      visit(y * p.w + x, sum, (y1 - y0) * (x1 - x0));
    }
  }
}

/** Mean over the (2r+1)² window around each pixel (clipped at the borders). */
export function blur(p: Plane, r: number): Plane {
  const out = plane(p.h, p.w);
  boxStats(p, r, integral(p), (i, sum, n) => (out.data[i] = sum / n));
  return out;
}

/** Variance over the (2r+1)² window: E[v²] − E[v]². */
export function localVariance(p: Plane, r: number): Plane {
  const mean = blur(p, r);
  const out = plane(p.h, p.w);
  boxStats(p, r, integral(p, (v) => v * v), (i, sum, n) => (out.data[i] = Math.max(0, sum / n - mean.data[i] ** 2)));
  return out;
}

/** Gradient magnitude by central differences (one-sided at the borders). */
export function gradient(p: Plane): Plane {
  const out = plane(p.h, p.w);
  const at = (y: number, x: number) => p.data[Math.min(p.h - 1, Math.max(0, y)) * p.w + Math.min(p.w - 1, Math.max(0, x))];
  for (let y = 0; y < p.h; y++) {
    for (let x = 0; x < p.w; x++) {
      const gx = (at(y, x + 1) - at(y, x - 1)) / (x === 0 || x === p.w - 1 ? 1 : 2);
      const gy = (at(y + 1, x) - at(y - 1, x)) / (y === 0 || y === p.h - 1 ? 1 : 2);
      out.data[y * p.w + x] = Math.hypot(gx, gy);
    }
  }
  return out;
}

/**
 * Distance in pixels from each pixel to the nearest pixel of a mask (value > 0.5): two-pass
 * chamfer with steps 1 and √2 (within 8% of Euclidean). Without any mask pixel: h + w everywhere.
 */
export function distanceTo(mask: Plane): Plane {
  const { h, w } = mask;
  const far = h + w;
  const d = Float32Array.from(mask.data, (v) => (v > 0.5 ? 0 : far));
  const D = Math.SQRT2;
  const relax = (y: number, x: number, dy: number, dx: number, cost: number) => {
    const yy = y + dy;
    const xx = x + dx;
    if (yy < 0 || yy >= h || xx < 0 || xx >= w) return;
    const c = d[yy * w + xx] + cost;
    if (c < d[y * w + x]) d[y * w + x] = c;
  };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      relax(y, x, -1, 0, 1);
      relax(y, x, 0, -1, 1);
      relax(y, x, -1, -1, D);
      relax(y, x, -1, 1, D);
    }
  }
  for (let y = h - 1; y >= 0; y--) {
    for (let x = w - 1; x >= 0; x--) {
      relax(y, x, 1, 0, 1);
      relax(y, x, 0, 1, 1);
      relax(y, x, 1, 1, D);
      relax(y, x, 1, -1, D);
    }
  }
  return plane(h, w, d);
}

/** Contour pixels of a mask: mask pixels with a 4-neighbour outside the mask (the die border counts as outside). */
export function contour(mask: Plane): Plane {
  const { h, w } = mask;
  const on = (y: number, x: number) => y >= 0 && y < h && x >= 0 && x < w && mask.data[y * w + x] > 0.5;
  return map(mask, (_, i) => {
    const y = Math.floor(i / w);
    const x = i % w;
    return on(y, x) && !(on(y - 1, x) && on(y + 1, x) && on(y, x - 1) && on(y, x + 1)) ? 1 : 0;
  });
}

export interface Components {
  /** 0 = background, 1… = component index */
  labels: Int32Array;
  /** pixel count per component (index 0 unused) */
  sizes: number[];
}

/** 4-connected components of a mask (value > 0.5). */
export function components(mask: Plane): Components {
  const { h, w } = mask;
  const labels = new Int32Array(h * w);
  const sizes = [0];
  const stack: number[] = [];
  for (let start = 0; start < labels.length; start++) {
    if (labels[start] || !(mask.data[start] > 0.5)) continue;
    const id = sizes.length;
    let size = 0;
    labels[start] = id;
    stack.push(start);
    while (stack.length) {
      const i = stack.pop()!;
      size++;
      const y = Math.floor(i / w);
      const x = i % w;
      for (const [yy, xx] of [[y - 1, x], [y + 1, x], [y, x - 1], [y, x + 1]]) {
        if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
        const j = yy * w + xx;
        if (!labels[j] && mask.data[j] > 0.5) {
          labels[j] = id;
          stack.push(j);
        }
      }
    }
    sizes.push(size);
  }
  return { labels, sizes };
}

/** The mask with components smaller than `minSize` pixels removed. */
export function keepLarge(mask: Plane, minSize: number): Plane {
  const { labels, sizes } = components(mask);
  return map(mask, (_, i) => (labels[i] && sizes[labels[i]] >= minSize ? 1 : 0));
}

/** Each pixel replaced by the mean of its tile×tile tile (the tile grid's statistic drawn back at full size). */
export function tileMap(p: Plane, tile: number): Plane {
  const t = tileMeans(p, tile);
  return map(p, (_, i) => t.data[Math.floor(Math.floor(i / p.w) / tile) * t.w + Math.floor((i % p.w) / tile)]);
}

export function stats(p: Plane): { sum: number; mean: number; max: number; std: number } {
  let sum = 0;
  let sq = 0;
  let max = -Infinity;
  for (const v of p.data) {
    sum += v;
    sq += v * v;
    if (v > max) max = v;
  }
  const mean = sum / p.data.length;
  return { sum, mean, max, std: Math.sqrt(Math.max(0, sq / p.data.length - mean * mean)) };
}
