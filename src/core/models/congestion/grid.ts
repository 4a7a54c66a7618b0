/** A single-channel map [h, w], row-major; the unit every layout operator works on. */
export interface Plane {
  h: number;
  w: number;
  data: Float32Array;
}

export const plane = (h: number, w: number, data: Float32Array = new Float32Array(h * w)): Plane => ({ h, w, data });

/** Mean of each tile×tile block (edge blocks are partial). */
export function tileMeans(p: Plane, tile: number): Plane {
  const th = Math.ceil(p.h / tile);
  const tw = Math.ceil(p.w / tile);
  const sum = new Float64Array(th * tw);
  const count = new Float64Array(th * tw);
  for (let y = 0; y < p.h; y++) {
    for (let x = 0; x < p.w; x++) {
      const t = Math.floor(y / tile) * tw + Math.floor(x / tile);
      sum[t] += p.data[y * p.w + x];
      count[t]++;
    }
  }
  return plane(th, tw, Float32Array.from(sum, (s, i) => s / count[i]));
}

/**
 * GPDL's scalar of a map (ALGORITHMS-DETAIL §10 baselines): the mean of the top `k` of the
 * `tile`×`tile` tile means. On 256×256 maps GPDL uses 16×16 tiles and k = 20; the studio scales
 * the tile with the map (map side / 16) so smaller maps keep a 16×16 tile grid.
 */
export function topTileMean(p: Plane, k = 20, tile = Math.max(1, Math.round(p.w / 16))): number {
  const means = Array.from(tileMeans(p, tile).data).sort((a, b) => b - a);
  const top = means.slice(0, Math.min(k, means.length));
  return top.reduce((a, b) => a + b, 0) / top.length;
}

/** Min-max scaled copy in [0, 1] (all zeros when constant): how overlays and images are drawn. */
export function minMax(p: Plane): Plane {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of p.data) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo;
  return plane(p.h, p.w, Float32Array.from(p.data, (v) => (span > 0 ? (v - lo) / span : 0)));
}

/** Mean pooling by an integer factor (CircuitNet maps shipped in resources/ are pooled 256 → 64). */
export function poolMean(p: Plane, factor: number): Plane {
  const h = Math.floor(p.h / factor);
  const w = Math.floor(p.w / factor);
  const out = new Float32Array(h * w);
  for (let y = 0; y < h * factor; y++) {
    for (let x = 0; x < w * factor; x++) out[Math.floor(y / factor) * w + Math.floor(x / factor)] += p.data[y * p.w + x] / (factor * factor);
  }
  return plane(h, w, out);
}
