import { StudioError } from '../errors';
import { formatFixed, formatNumber } from '../format';

/** A cell of a run table: text, a number, or nothing measured (null). */
export type RunCell = string | number | null;
export type RunRecord = Readonly<Record<string, RunCell>>;

export interface RunColumn {
  key: string;
  /** header text, with the unit where there is one */
  label: string;
  align: 'left' | 'right';
  /**
   * Fixed decimals for a column read down as a comparison (scores in [0, 1]: 0.059 above 0.007,
   * not 0.0591 above 7e-3; widths as 4,096); omitted: the studio's compact form.
   */
  decimals?: number;
}

/**
 * The per-run comparison table's columns, in reading order: what the run is, then sparsity,
 * fidelity and the board-game scores. The screens and the PDF report both show these.
 */
export const RUN_TABLE_COLUMNS: readonly RunColumn[] = [
  { key: 'run', label: 'run', align: 'left' },
  { key: 'arch', label: 'architecture', align: 'left' },
  { key: 'width', label: 'width (features)', align: 'right', decimals: 0 },
  { key: 'l0', label: 'L0', align: 'right' },
  { key: 'fvu', label: 'FVU', align: 'right', decimals: 3 },
  { key: 'cossim', label: 'cos(x, x̂)', align: 'right', decimals: 3 },
  { key: 'deadFraction', label: 'dead', align: 'right', decimals: 3 },
  { key: 'coverage', label: 'coverage', align: 'right', decimals: 3 },
  { key: 'boardReconstruction', label: 'board rec.', align: 'right', decimals: 3 },
];

export interface RunTable {
  columns: readonly RunColumn[];
  /** formatted cells, one array per record in column order */
  rows: string[][];
}

/** Formats records for display: numbers compact (as everywhere in the studio) or at a column's fixed decimals, null as "—". */
export function runTable(records: readonly RunRecord[], columns: readonly RunColumn[] = RUN_TABLE_COLUMNS): RunTable {
  const rows = records.map((rec, i) =>
    columns.map(({ key, decimals }) => {
      if (!(key in rec)) throw new StudioError('bad-input', `the record has no '${key}' value`, `runs[${i}].${key}`);
      const v = rec[key];
      if (v === null) return '—';
      if (typeof v !== 'number') return v;
      return decimals === undefined || !Number.isFinite(v) ? formatNumber(v) : formatFixed(v, decimals);
    }),
  );
  return { columns, rows };
}

/** A run table as aligned plain text, two spaces between columns (the CLI's demos print it). */
export function runTableText({ columns, rows }: RunTable): string {
  const widths = columns.map((c, j) => Math.max(c.label.length, ...rows.map((r) => r[j].length)));
  const line = (cells: readonly string[]) => cells.map((c, j) => (columns[j].align === 'left' ? c.padEnd(widths[j]) : c.padStart(widths[j]))).join('  ').trimEnd();
  return [line(columns.map((c) => c.label)), ...rows.map(line)].join('\n');
}
