import type { RunEval, RunInfo } from '../../shared/schemas/run';
import type { BoardScores } from '../../shared/schemas/features';

/** One row of the compare table: what the run is, then its sparsity, fidelity and board scores. */
export interface CompareRow {
  run: string;
  name: string;
  arch: string;
  whitening: string;
  width: number;
  steps: number;
  l0: number | null;
  fvu: number | null;
  deadFraction: number | null;
  coverage: number | null;
  boardReconstruction: number | null;
  /** from eval.json (null before evaluation, or where the dataset does not allow it) */
  ceLossRecovered: number | null;
  sparseProbingK1: number | null;
  absorption: number | null;
}

export type CompareKey = keyof CompareRow;

export const COMPARE_COLUMNS: readonly { key: CompareKey; label: string; numeric: boolean }[] = [
  { key: 'name', label: 'run', numeric: false },
  { key: 'arch', label: 'architecture', numeric: false },
  { key: 'whitening', label: 'whitening', numeric: false },
  { key: 'width', label: 'width (features)', numeric: true },
  { key: 'steps', label: 'steps', numeric: true },
  { key: 'l0', label: 'L0', numeric: true },
  { key: 'fvu', label: 'FVU', numeric: true },
  { key: 'deadFraction', label: 'dead fraction', numeric: true },
  { key: 'coverage', label: 'coverage', numeric: true },
  { key: 'boardReconstruction', label: 'board rec.', numeric: true },
  { key: 'ceLossRecovered', label: 'CE loss rec.', numeric: true },
  { key: 'sparseProbingK1', label: 'sparse probe k=1', numeric: true },
  { key: 'absorption', label: 'absorption', numeric: true },
];

/** A run as the table shows it; L0, FVU and dead fraction are the last logged training step's (RunInfo.final), the benchmark columns its eval.json's. */
export function compareRow(run: RunInfo, scores: BoardScores | undefined, ev?: RunEval | null): CompareRow {
  const metric = (k: string) => (run.final && Number.isFinite(run.final[k]) ? run.final[k] : null);
  const whitening = (run.config?.whitening as { kind?: string } | null | undefined)?.kind ?? 'none';
  return {
    run: run.id,
    name: run.name,
    arch: run.arch,
    whitening,
    width: run.dSae,
    steps: run.steps,
    l0: metric('l0'),
    fvu: metric('fvu'),
    deadFraction: metric('deadFraction'),
    coverage: scores ? scores.coverage : null,
    boardReconstruction: scores ? scores.boardReconstruction : null,
    ceLossRecovered: ev?.ceLossRecovered ?? null,
    sparseProbingK1: ev?.sparseProbingMean?.k1 ?? null,
    absorption: ev?.absorption?.fraction ?? null,
  };
}

export interface CompareView {
  filters: { arch: string; whitening: string; width: string };
  sort: { key: CompareKey; descending: boolean };
}

/** The rows the table shows: filtered (empty filter = all), then sorted with missing values last. */
export function visibleRows(rows: readonly CompareRow[], view: CompareView): CompareRow[] {
  const { arch, whitening, width } = view.filters;
  const kept = rows.filter((r) => (!arch || r.arch === arch) && (!whitening || r.whitening === whitening) && (!width || String(r.width) === width));
  const { key, descending } = view.sort;
  const sign = descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/** RFC 4180 CSV of exactly these rows and columns, numbers at full precision, missing values empty. */
export function compareCsv(rows: readonly CompareRow[], columns = COMPARE_COLUMNS): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [columns.map((c) => cell(c.label)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c.key])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
