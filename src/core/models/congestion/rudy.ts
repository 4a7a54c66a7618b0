import { StudioError } from '../../../shared/errors';
import { plane, type Plane } from './grid';

/**
 * RUDY (Rectangular Uniform wire DensitY) from a net list, as CircuitNet's feature extraction
 * computes it (ALGORITHMS-DETAIL §10; circuitnet/CircuitNet feature_extraction/src/read.py):
 * every net with ≥ 2 pins spreads weight 1/w + 1/h over its pin bounding box, each gcell taking
 * the share of its own area the box covers; RUDY_long/short split nets by whether the box spans
 * more than one gcell; pin RUDY puts the net's weight on each pin's gcells.
 * Planes are indexed [x][y] (h = x gcells, w = y gcells), CircuitNet's array order.
 */

/** [left, bottom, right, top] in the net list's length unit. */
export type Rect = readonly [number, number, number, number];

export interface NetList {
  /** gcell boundaries along x and y (ascending; n + 1 edges for n gcells) */
  xEdges: readonly number[];
  yEdges: readonly number[];
  /**
   * Zero-width or zero-height boxes (two pins on one vertical line) divide by zero in the
   * reference; the studio clamps w and h to one site width (§10 ⚠).
   */
  siteWidth: number;
  nets: readonly { name: string; pins: readonly Rect[] }[];
}

export interface RudyMaps {
  rudy: Plane;
  rudyLong: Plane;
  rudyShort: Plane;
  rudyPin: Plane;
}

/** Index of the gcell holding coordinate v (half-open [e_i, e_{i+1}); clamped to the grid). */
function cellOf(edges: readonly number[], v: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  if (v < edges[0]) return 0;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (edges[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The last gcell a span [lo, v] overlaps with positive length (v on an edge ends the cell before). */
function lastCell(edges: readonly number[], lo: number, v: number): number {
  const c = cellOf(edges, v);
  return c > 0 && edges[c] === v && v > lo ? c - 1 : c;
}

/** Adds weight·area(rect ∩ g)/area(g) to every gcell g the rectangle overlaps. */
function spread(target: Plane, xEdges: readonly number[], yEdges: readonly number[], r: Rect, weight: number): void {
  const [l, b, rt, t] = r;
  const x0 = cellOf(xEdges, l);
  const x1 = cellOf(xEdges, rt);
  const y0 = cellOf(yEdges, b);
  const y1 = cellOf(yEdges, t);
  for (let i = x0; i <= x1; i++) {
    const gw = xEdges[i + 1] - xEdges[i];
    const ox = Math.min(rt, xEdges[i + 1]) - Math.max(l, xEdges[i]);
    if (ox <= 0) continue;
    for (let j = y0; j <= y1; j++) {
      const gh = yEdges[j + 1] - yEdges[j];
      const oy = Math.min(t, yEdges[j + 1]) - Math.max(b, yEdges[j]);
      if (oy <= 0) continue;
      target.data[i * target.w + j] += (weight * ox * oy) / (gw * gh);
    }
  }
}

function checkEdges(edges: readonly number[], axis: string): void {
  if (edges.length < 2) throw new StudioError('bad-input', `the ${axis} grid needs at least 2 edges`, `${axis}Edges`);
  for (let i = 1; i < edges.length; i++) {
    if (!(edges[i] > edges[i - 1])) throw new StudioError('bad-input', `${axis} edges must ascend; edge ${i} is ${edges[i]} after ${edges[i - 1]}`, `${axis}Edges[${i}]`);
  }
}

export function computeRudy(netList: NetList): RudyMaps {
  const { xEdges, yEdges, siteWidth } = netList;
  checkEdges(xEdges, 'x');
  checkEdges(yEdges, 'y');
  if (!(siteWidth > 0)) throw new StudioError('bad-input', `siteWidth must be positive, got ${siteWidth}`, 'siteWidth');
  const nx = xEdges.length - 1;
  const ny = yEdges.length - 1;
  const maps: RudyMaps = { rudy: plane(nx, ny), rudyLong: plane(nx, ny), rudyShort: plane(nx, ny), rudyPin: plane(nx, ny) };
  for (const net of netList.nets) {
    if (net.pins.length < 2) continue;
    let [l, b, r, t] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [pl, pb, pr, pt] of net.pins) {
      l = Math.min(l, pl);
      b = Math.min(b, pb);
      r = Math.max(r, pr);
      t = Math.max(t, pt);
    }
    const w = Math.max(r - l, siteWidth);
    const h = Math.max(t - b, siteWidth);
    const weight = 1 / w + 1 / h;
    // A degenerate box is widened to the clamped size so its weight still lands on its gcell.
    const box: Rect = [l, b, l + w, b + h];
    const long = cellOf(xEdges, l) !== lastCell(xEdges, l, r) || cellOf(yEdges, b) !== lastCell(yEdges, b, t);
    spread(maps.rudy, xEdges, yEdges, box, weight);
    spread(long ? maps.rudyLong : maps.rudyShort, xEdges, yEdges, box, weight);
    for (const pin of net.pins) {
      const [pl, pb, pr, pt] = pin;
      if (pr > pl && pt > pb) spread(maps.rudyPin, xEdges, yEdges, pin, weight);
      // A point pin has no area: its gcell takes the whole weight.
      else maps.rudyPin.data[cellOf(xEdges, pl) * ny + cellOf(yEdges, pb)] += weight;
    }
  }
  return maps;
}

/** Uniform gcell edges with CircuitNet's first edge moved to −10 so pins at 0 fall inside. */
export function uniformEdges(n: number, size: number, firstEdge = -10): number[] {
  return Array.from({ length: n + 1 }, (_, i) => (i === 0 ? Math.min(firstEdge, 0) : i * size));
}
