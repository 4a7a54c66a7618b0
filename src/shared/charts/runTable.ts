import { StudioError } from '../errors';
import { formatNumber } from '../format';

/** A cell of a run table: text, a number, or nothing measured (null). */
export type RunCell = string | number | null;
export type RunRecord = Readonly<Record<string, RunCell>>;

export interface RunColumn {
  key: string;
  /** header text, with the unit where there is one */
  label: string;
  align: 'left' | 'right';
}

/**
 * The per-run comparison table's columns, in reading order: what the run is, then sparsity,
 * fidelity and the board-game scores. The screens and the PDF report both show these.
 */
export const RUN_TABLE_COLUMNS: readonly RunColumn[] = [
  { key: 'run', label: 'run', align: 'left' },
  { key: 'arch', label: 'architecture', align: 'left' },
  { key: 'width', label: 'width (features)', align: 'right' },
  { key: 'l0', label: 'L0', align: 'right' },
  { key: 'fvu', label: 'FVU', align: 'right' },
  { key: 'cossim', label: 'cos(x, x̂)', align: 'right' },
  { key: 'deadFraction', label: 'dead', align: 'right' },
  { key: 'coverage', label: 'coverage', align: 'right' },
  { key: 'boardReconstruction', label: 'board rec.', align: 'right' },
];

export interface RunTable {
  columns: readonly RunColumn[];
  /** formatted cells, one array per record in column order */
  rows: string[][];
}

/** Formats records for display: numbers compact (as everywhere in the studio), null as "—". */
export function runTable(records: readonly RunRecord[], columns: readonly RunColumn[] = RUN_TABLE_COLUMNS): RunTable {
  const rows = records.map((rec, i) =>
    columns.map(({ key }) => {
      if (!(key in rec)) throw new StudioError('bad-input', `the record has no '${key}' value`, `runs[${i}].${key}`);
      const v = rec[key];
      if (v === null) return '—';
      return typeof v === 'number' ? formatNumber(v) : v;
    }),
  );
  return { columns, rows };
}
