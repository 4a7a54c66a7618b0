import { UMAP } from 'umap-js';
import { Rng } from '../io/rng';

/** UMAP as the paper runs it (ALGORITHMS-DETAIL §11): 2-D, cosine, seed 42, n_neighbors 15, min_dist 0.1. */
export const UMAP_SETTINGS = { nComponents: 2, nNeighbors: 15, minDist: 0.1, seed: 42 } as const;

/**
 * A 2-D UMAP layout of points given by their distance matrix (the retrieved features' cosine
 * distances), with umap-js. Its neighbour graph is the exact k nearest (self first, as
 * umap-learn counts it) read from the matrix rather than approximated by NN-descent, so the
 * layout depends only on the distances and the seed. `onEpoch` hears epochs done of the total.
 */
export function umapLayout(dist: Float32Array, n: number, onEpoch?: (done: number, total: number) => void): { x: number[]; y: number[] } {
  if (n <= 2) return { x: Array.from({ length: n }, (_, i) => i), y: new Array<number>(n).fill(0) };
  // umap-js needs more points than neighbours
  const k = Math.min(UMAP_SETTINGS.nNeighbors, n - 1);
  const rng = new Rng(UMAP_SETTINGS.seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: k, minDist: UMAP_SETTINGS.minDist, random: () => rng.next() });
  const indices: number[][] = [];
  const distances: number[][] = [];
  for (let i = 0; i < n; i++) {
    const near = nearest(dist, n, i, k - 1);
    indices.push([i, ...near]);
    distances.push([0, ...near.map((j) => dist[i * n + j])]);
  }
  umap.setPrecomputedKNN(indices, distances);
  // umap-js reads X only for its size once the neighbours are given
  const epochs = umap.initializeFit(Array.from({ length: n }, () => [0]));
  for (let e = 0; e < epochs; e++) {
    umap.step();
    if (e % 20 === 19 || e === epochs - 1) onEpoch?.(e + 1, epochs);
  }
  const emb = umap.getEmbedding();
  return { x: emb.map((p) => p[0]), y: emb.map((p) => p[1]) };
}

/** The `k` points nearest to i (i itself left out), nearest first, ties by index: one pass keeping a sorted list. */
function nearest(dist: Float32Array, n: number, i: number, k: number): number[] {
  const ids: number[] = [];
  const ds: number[] = [];
  for (let j = 0; j < n; j++) {
    if (j === i) continue;
    const v = dist[i * n + j];
    if (ids.length === k && v >= ds[k - 1]) continue;
    let at = ids.length === k ? k - 1 : ids.length;
    while (at > 0 && ds[at - 1] > v) at--;
    ids.splice(at, 0, j);
    ds.splice(at, 0, v);
    if (ids.length > k) [ids.length, ds.length] = [k, k];
  }
  return ids;
}
