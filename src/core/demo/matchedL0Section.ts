/**
 * The report section "p-annealing against standard L1 at matched L0" (Karvonen et al. 2024;
 * issue 5): both sweeps' board scores against L0, and the table of their values interpolated
 * at common L0 (matchedL0.ts). Drawn from the report's records, so any report whose runs
 * include both architectures can show it.
 */
import { boardScoresByArchOption } from '../../shared/charts/boardScoresByArch';
import { type RunColumn, type RunRecord, runTable } from '../../shared/charts/runTable';
import type { ReportSection } from '../reports/sections';
import { MATCHED_ARCHS, MATCHED_METRICS, type MatchedMetric, describeMatchedL0, matchedColumn, matchedL0 } from './matchedL0';

export { MATCHED_ARCHS };

const METRIC_LABELS: Record<MatchedMetric, string> = { coverage: 'cov.', coverageAboveChance: 'above chance', boardReconstruction: 'rec.' };

/**
 * The SAE runs in the comparison: both architectures, unwhitened (a whitened run is trained
 * in another space and its λ means something else).
 */
export function matchedL0Runs(records: readonly RunRecord[]): RunRecord[] {
  return records.filter((r) => r.kind === 'sae' && (MATCHED_ARCHS as readonly unknown[]).includes(r.arch) && (r.whitening ?? 'none') === 'none');
}

/** The metrics every compared run carries (a report built elsewhere may lack the chance-corrected one). */
export function matchedMetrics(runs: readonly RunRecord[]): MatchedMetric[] {
  return MATCHED_METRICS.filter((m) => runs.every((r) => typeof r[m] === 'number'));
}

export const matchedL0Section: ReportSection = {
  title: 'p-annealing against standard L1 at matched L0',
  keepTogether: 420,
  draw(page, report) {
    const runs = matchedL0Runs(report.records);
    const m = matchedL0(runs, MATCHED_ARCHS, matchedMetrics(runs));
    page.paragraph(
      `Karvonen et al. (2024) find that p-annealing reaches better board scores than a standard L1 penalty at the same sparsity. Each line joins one architecture's runs in L0 order on ${report.family}. ${describeMatchedL0(m)} Coverage is the paper's value; "above chance" rescales each cell's best F1 against a feature that always fires (0 = no better than always on, 1 = perfect).`,
    );
    page.chart(boardScoresByArchOption(runs.map((r) => ({ name: String(r.run), arch: String(r.arch), l0: r.l0 as number, coverage: r.coverage as number, boardReconstruction: r.boardReconstruction as number })), page.theme, report.family), 300);
    if (m.rows.length === 0) return;
    const columns: RunColumn[] = [
      { key: 'l0', label: 'L0', align: 'right' },
      ...m.metrics.flatMap((metric) => m.archs.map((arch): RunColumn => ({ key: matchedColumn(metric, arch), label: `${METRIC_LABELS[metric]} ${arch}`, align: 'right', decimals: 3 }))),
    ];
    page.table(runTable(m.rows, columns));
  },
};
