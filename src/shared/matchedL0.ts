/**
 * p-annealing against standard L1 at matched L0 (Karvonen et al. 2024, Fig. 3; issue 5): two
 * architectures' sweeps compared at the same sparsity by interpolating each one's board
 * metrics between its neighbouring runs, linearly in log L0 (the axis the paper plots on).
 * Nothing is extrapolated: a common L0 must lie inside both architectures' measured ranges.
 */
import type { RunRecord } from './charts/runTable';
import { StudioError } from './errors';

export interface L0Point {
  l0: number;
  value: number;
}

/**
 * The value at `l0` on the broken line through the points in log L0, or null when `l0` lies
 * outside [min L0, max L0]. Points at the same L0 stand for their mean.
 */
export function interpolateAtL0(points: readonly L0Point[], l0: number): number | null {
  const line = collapse(points);
  if (line.length === 0 || !(l0 >= line[0].l0 && l0 <= line[line.length - 1].l0)) return null;
  const hi = line.findIndex((p) => p.l0 >= l0);
  if (line[hi].l0 === l0) return line[hi].value;
  const [a, b] = [line[hi - 1], line[hi]];
  const w = Math.log(l0 / a.l0) / Math.log(b.l0 / a.l0);
  return a.value + w * (b.value - a.value);
}

/** Sorted by L0, one point per distinct L0 (the mean of its values); L0 must be finite and > 0 to sit on a log axis. */
function collapse(points: readonly L0Point[]): L0Point[] {
  points.forEach((p, i) => {
    if (!(Number.isFinite(p.l0) && p.l0 > 0)) throw new StudioError('bad-input', `L0 must be a finite number > 0 to interpolate in log L0, got ${p.l0}`, `points[${i}].l0`);
    if (!Number.isFinite(p.value)) throw new StudioError('bad-input', `the value must be finite, got ${p.value}`, `points[${i}].value`);
  });
  const byL0 = new Map<number, number[]>();
  for (const p of points) byL0.set(p.l0, [...(byL0.get(p.l0) ?? []), p.value]);
  return [...byL0.entries()].sort((a, b) => a[0] - b[0]).map(([l0, v]) => ({ l0, value: v.reduce((s, x) => s + x, 0) / v.length }));
}

/** The paper's comparison: its "standard" SAE (plain L1, unit-norm decoder) against p-annealing. */
export const MATCHED_ARCHS = ['l1', 'panneal'] as const;

/** The board metrics compared: the paper's coverage, its chance-corrected variant, board reconstruction. */
export const MATCHED_METRICS = ['coverage', 'coverageAboveChance', 'boardReconstruction'] as const;
export type MatchedMetric = (typeof MATCHED_METRICS)[number];

export interface ArchRange {
  arch: string;
  runs: number;
  /** null when the architecture has no run */
  minL0: number | null;
  maxL0: number | null;
}

export interface MatchedL0 {
  archs: readonly [string, string];
  metrics: readonly MatchedMetric[];
  ranges: [ArchRange, ArchRange];
  /** the L0 interval both sweeps cover; null when they do not overlap */
  overlap: [number, number] | null;
  /**
   * one row per common L0 (every measured L0 of either architecture inside the overlap), with
   * each architecture's interpolated metrics: columns `l0`, then `<metric>_<arch>`
   */
  rows: RunRecord[];
}

export const matchedColumn = (metric: MatchedMetric, arch: string): string => `${metric}_${arch}`;

/**
 * Compares two architectures' runs among `records` (the demo's table rows; pass only the runs
 * that belong in the comparison, e.g. unwhitened SAEs) at the L0 values both sweeps reach.
 */
export function matchedL0(records: readonly RunRecord[], archs: readonly [string, string], metrics: readonly MatchedMetric[] = MATCHED_METRICS): MatchedL0 {
  const runsOf = (arch: string) => records.filter((r) => r.arch === arch);
  records.forEach((r, i) => {
    for (const key of ['l0', ...metrics]) {
      if (archs.includes(r.arch as string) && typeof r[key] !== 'number') throw new StudioError('bad-input', `'${key}' must be a number, got ${String(r[key])}`, `records[${i}].${key} (${String(r.run)})`);
    }
  });
  const ranges = archs.map((arch) => {
    const l0s = runsOf(arch).map((r) => r.l0 as number);
    return { arch, runs: l0s.length, minL0: l0s.length ? Math.min(...l0s) : null, maxL0: l0s.length ? Math.max(...l0s) : null };
  }) as [ArchRange, ArchRange];
  const [ra, rb] = ranges;
  const lo = Math.max(ra.minL0 ?? Infinity, rb.minL0 ?? Infinity);
  const hi = Math.min(ra.maxL0 ?? -Infinity, rb.maxL0 ?? -Infinity);
  const overlap: [number, number] | null = lo <= hi ? [lo, hi] : null;
  if (!overlap) return { archs, metrics, ranges, overlap, rows: [] };
  const common = [...new Set(archs.flatMap((arch) => runsOf(arch).map((r) => r.l0 as number)))].filter((l0) => l0 >= lo && l0 <= hi).sort((a, b) => a - b);
  const rows = common.map((l0) => {
    const row: Record<string, number> = { l0 };
    for (const metric of metrics) {
      for (const arch of archs) {
        const value = interpolateAtL0(runsOf(arch).map((r) => ({ l0: r.l0 as number, value: r[metric] as number })), l0);
        // inside the overlap every architecture has a value
        row[matchedColumn(metric, arch)] = value as number;
      }
    }
    return row;
  });
  return { archs, metrics, ranges, overlap, rows };
}

/** The CSV's columns in order. */
export function matchedL0Columns(m: Pick<MatchedL0, 'archs' | 'metrics'>): string[] {
  return ['l0', ...m.metrics.flatMap((metric) => m.archs.map((a) => matchedColumn(metric, a)))];
}

/** One sentence on what the comparison covers, for the report and the CLI. */
export function describeMatchedL0(m: MatchedL0): string {
  const range = (r: ArchRange) => (r.minL0 === null ? `${r.arch}: no runs` : `${r.arch}: ${r.runs} runs, L0 ${r.minL0.toFixed(1)}–${r.maxL0!.toFixed(1)}`);
  const ranges = `${range(m.ranges[0])}; ${range(m.ranges[1])}`;
  if (!m.overlap) return `The L0 ranges do not overlap (${ranges}), so there is no matched L0 to compare at; values are not extrapolated.`;
  return `Compared at ${m.rows.length} common L0 values in ${m.overlap[0].toFixed(1)}–${m.overlap[1].toFixed(1)} (${ranges}), each architecture interpolated linearly in log L0 between its neighbouring runs; nothing is extrapolated beyond a sweep's range.`;
}
