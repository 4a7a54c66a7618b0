import type { BaselineScores, HeldOutScores, RunInfo } from '../../shared/schemas/run';

/** What a row stands for: a trained or imported SAE, the random-weights control, or a baseline. */
export type RowKind = 'sae' | 'control' | 'baseline';

/**
 * One row of the compare table: what the run is, then its metrics by key. Every metric is the
 * run's one held-out measurement (studio/heldOut.ts), the number reports and the demo CSV show;
 * `measuredOn` says which rows.
 */
export interface CompareRow {
  run: string;
  name: string;
  kind: RowKind;
  arch: string;
  whitening: string;
  width: number;
  steps: number | null;
  datasetId: string | null;
  metrics: Record<string, number | null>;
  measuredOn: string;
}

export type Cell = string | number | null;

/**
 * A column: its key, header, and how a row fills it. Metrics read `row.metrics[key]`, so a new
 * metric is one entry here plus its value in the row's metrics.
 */
export interface CompareColumn {
  key: string;
  label: string;
  numeric: boolean;
  /** what the column measures, shown on its header */
  title?: string;
  /** fixed decimals, so a column of scores reads down (0.059 above 0.007, not 0.0591 above 7e-3), as the run tables print them */
  decimals?: number;
  value(row: CompareRow): Cell;
}

const fact = (key: 'name' | 'arch' | 'whitening' | 'width' | 'steps', label: string, numeric = false): CompareColumn => ({ key, label, numeric, value: (r) => r[key] });
const metric = (key: string, label: string, title: string): CompareColumn => ({ key, label, numeric: true, title, value: (r) => r.metrics[key] ?? null });
/** a score (mostly in [0, 1]) read down its column */
const score = (key: string, label: string, title: string): CompareColumn => ({ ...metric(key, label, title), decimals: 3 });

export const COMPARE_COLUMNS: readonly CompareColumn[] = [
  fact('name', 'run'),
  fact('arch', 'architecture'),
  fact('whitening', 'whitening'),
  fact('width', 'width (features)', true),
  fact('steps', 'steps', true),
  // L0 spans 1 to thousands: the studio's compact form
  metric('l0', 'L0', 'active features per input, on the validation rows'),
  score('fvu', 'FVU', 'fraction of variance unexplained, on the validation rows'),
  score('deadFraction', 'dead fraction', 'features that never fire on the validation rows'),
  score('coverage', 'coverage', "the paper's coverage (best F1 per board cell) on the held-out games"),
  score('coverageAboveChance', 'coverage above chance', 'each cell\'s best F1 rescaled against a feature that always fires (0 = no better, 1 = perfect)'),
  score('boardReconstruction', 'board rec.', 'F1 of the board predicted from the features, on the held-out games'),
  score('ceLossRecovered', 'CE loss rec.', 'share of the cross-entropy loss recovered with the SAE spliced into the model (eval.json)'),
  score('sparseProbingK1', 'sparse probe k=1', 'SAEBench sparse probing, test accuracy of 1-feature probes on board-property tasks, or on review and author tasks for text (eval.json)'),
  score('absorption', 'absorption', 'feature absorption on board-property tasks, or on first letters for text (eval.json)'),
];

const whiteningOf = (run: RunInfo) => (run.config?.whitening as { kind?: string } | null | undefined)?.kind ?? 'none';

/** The paper's control: an SAE of the untrained model's activations (the demo's "random-weights model" dataset). */
export const isControl = (run: RunInfo, datasetName: string | undefined): boolean => /random-weights/i.test(`${run.datasetId ?? ''} ${datasetName ?? ''}`);

/** Where a measurement was made, in words. */
export function measuredOn(held: Pick<HeldOutScores, 'datasetId' | 'rows' | 'board'>): string {
  const board = held.board ? `; board metrics: ${held.board.trainPositions} positions label the features, ${held.board.testPositions} are scored` : '';
  return `${held.rows} validation rows of ${held.datasetId}${board}`;
}

/** A run as the table shows it: its held-out measurement, or nothing measured yet. */
export function compareRow(run: RunInfo, held: HeldOutScores | undefined, datasetName?: string): CompareRow {
  const b = held?.board ?? null;
  return {
    run: run.id,
    name: run.name,
    kind: isControl(run, datasetName) ? 'control' : 'sae',
    arch: run.arch,
    whitening: whiteningOf(run),
    width: run.dSae,
    steps: run.steps,
    datasetId: run.datasetId,
    metrics: {
      l0: held?.core.l0 ?? null,
      fvu: held?.core.fvu ?? null,
      deadFraction: held?.core.deadFraction ?? null,
      coverage: b?.coverage ?? null,
      coverageAboveChance: b?.coverageAboveChance ?? null,
      boardReconstruction: b?.boardReconstruction ?? null,
      ceLossRecovered: held?.core.ceLossRecovered ?? null,
      sparseProbingK1: held?.core.sparseProbingMean?.k1 ?? null,
      absorption: held?.core.absorption?.fraction ?? null,
    },
    measuredOn: held ? measuredOn(held) : 'not measured yet',
  };
}

const BASELINE_NAMES: Record<BaselineScores['baseline'], string> = { random: 'random dictionary', neurons: 'neurons' };

/** A baseline measured on the same held-out rows as the runs of its dataset. */
export function baselineRow(b: BaselineScores, rows: number): CompareRow {
  return {
    run: `baseline:${b.baseline}:${b.datasetId}`,
    name: BASELINE_NAMES[b.baseline],
    kind: 'baseline',
    arch: b.baseline,
    whitening: 'none',
    width: b.width,
    steps: null,
    datasetId: b.datasetId,
    metrics: { l0: b.l0, fvu: b.fvu, deadFraction: b.deadFraction, coverage: b.board?.coverage ?? null, coverageAboveChance: b.board?.coverageAboveChance ?? null, boardReconstruction: b.board?.boardReconstruction ?? null, ceLossRecovered: null, sparseProbingK1: null, absorption: null },
    measuredOn: measuredOn({ datasetId: b.datasetId, rows, board: b.board }),
  };
}

export interface CompareView {
  filters: { arch: string; whitening: string; width: string };
  sort: { key: string; descending: boolean };
  /** baselines and the control are shown unless hidden */
  showReferences: boolean;
}

/** The rows the table shows: filtered (empty filter = all; baselines always pass the filters), then sorted with missing values last. */
export function visibleRows(rows: readonly CompareRow[], view: CompareView, columns: readonly CompareColumn[] = COMPARE_COLUMNS): CompareRow[] {
  const { arch, whitening, width } = view.filters;
  const kept = rows.filter((r) => (r.kind === 'sae' ? (!arch || r.arch === arch) && (!whitening || r.whitening === whitening) && (!width || String(r.width) === width) : view.showReferences));
  const column = columns.find((c) => c.key === view.sort.key) ?? columns[0];
  const sign = view.sort.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
  });
}

/** RFC 4180 CSV of exactly these rows and columns (plus what each row is and where it was measured), numbers at full precision, missing values empty. */
export function compareCsv(rows: readonly CompareRow[], columns: readonly CompareColumn[] = COMPARE_COLUMNS): string {
  const cell = (v: Cell) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = [...columns.map((c) => c.label), 'kind', 'measured on'];
  const lines = [header.map(cell).join(','), ...rows.map((r) => [...columns.map((c) => c.value(r)), r.kind, r.measuredOn].map(cell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
