import { Rng } from '../../io/rng';

/**
 * A random-forest regressor (CART on variance reduction, bootstrap rows, all features tried at
 * each split as sklearn's RandomForestRegressor does by default) with mean-decrease-in-impurity
 * importances: MLLMA's fitness of a feature (ALGORITHMS-DETAIL §10: 1000 trees, depth 10,
 * seed 18). The tables are small (tens to thousands of layouts), so plain arrays suffice.
 */
export interface ForestOptions {
  trees?: number;
  maxDepth?: number;
  minLeaf?: number;
  seed?: number;
}

interface TreeNode {
  feature: number;
  threshold: number;
  left: number;
  right: number;
  value: number;
}

export interface Forest {
  trees: TreeNode[][];
  /** MDI importances, summing to 1 (all zero if no split was ever made) */
  importances: Float64Array;
}

/** Fits a forest on rows x (n × d, row-major) and targets y. */
export function fitForest(x: ArrayLike<number>, y: ArrayLike<number>, d: number, options: ForestOptions = {}): Forest {
  const n = y.length;
  const rng = new Rng(options.seed ?? 18);
  const maxDepth = options.maxDepth ?? 10;
  const minLeaf = options.minLeaf ?? 1;
  const importances = new Float64Array(d);
  const trees: TreeNode[][] = [];
  for (let t = 0; t < (options.trees ?? 200); t++) {
    const rows = Int32Array.from({ length: n }, () => rng.int(n));
    const nodes: TreeNode[] = [];
    const treeImp = new Float64Array(d);
    grow(rows, 0);
    trees.push(nodes);
    const total = treeImp.reduce((a, b) => a + b, 0);
    if (total > 0) for (let j = 0; j < d; j++) importances[j] += treeImp[j] / total;

    function grow(idx: Int32Array, depth: number): number {
      const id = nodes.length;
      let sum = 0;
      let sq = 0;
      for (const i of idx) {
        sum += y[i];
        sq += y[i] * y[i];
      }
      const m = idx.length;
      nodes.push({ feature: -1, threshold: 0, left: -1, right: -1, value: sum / m });
      const impurity = sq - (sum * sum) / m;
      if (depth >= maxDepth || m < 2 * minLeaf || impurity <= 1e-12 * Math.max(1, sq)) return id;
      let best = { gain: 1e-12 * Math.max(1, sq), feature: -1, threshold: 0 };
      const order = Array.from(idx);
      for (let j = 0; j < d; j++) {
        order.sort((a, b) => x[a * d + j] - x[b * d + j]);
        let sl = 0;
        for (let k = 0; k < m - 1; k++) {
          sl += y[order[k]];
          const nl = k + 1;
          const v = x[order[k] * d + j];
          const next = x[order[k + 1] * d + j];
          if (v === next || nl < minLeaf || m - nl < minLeaf) continue;
          const sr = sum - sl;
          const gain = (sl * sl) / nl + (sr * sr) / (m - nl) - (sum * sum) / m;
          if (gain > best.gain) best = { gain, feature: j, threshold: (v + next) / 2 };
        }
      }
      if (best.feature < 0) return id;
      treeImp[best.feature] += best.gain;
      const left = idx.filter((i) => x[i * d + best.feature] <= best.threshold);
      const right = idx.filter((i) => x[i * d + best.feature] > best.threshold);
      nodes[id].feature = best.feature;
      nodes[id].threshold = best.threshold;
      nodes[id].left = grow(left, depth + 1);
      nodes[id].right = grow(right, depth + 1);
      return id;
    }
  }
  const total = importances.reduce((a, b) => a + b, 0);
  if (total > 0) for (let j = 0; j < d; j++) importances[j] /= total;
  return { trees, importances };
}

export function predictForest(forest: Forest, x: ArrayLike<number>, d: number): Float64Array {
  const n = x.length / d;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (const nodes of forest.trees) {
      let k = 0;
      while (nodes[k].feature >= 0) k = x[i * d + nodes[k].feature] <= nodes[k].threshold ? nodes[k].left : nodes[k].right;
      s += nodes[k].value;
    }
    out[i] = s / forest.trees.length;
  }
  return out;
}
