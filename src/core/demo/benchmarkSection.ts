/** The report section "Downstream fidelity, sparse probing and absorption"; its words live in src/shared/benchmarkSummary.ts. */
import { BENCHMARK_EXPLANATION, benchmarkRuns, benchmarkSummary } from '../../shared/benchmarkSummary';
import type { ReportSection } from '../reports/sections';

export const benchmarkSection: ReportSection = {
  title: 'Downstream fidelity, sparse probing and absorption',
  keepTogether: 300,
  draw(page, report) {
    if (benchmarkRuns(report.records).length === 0) {
      page.paragraph('No run in this report has benchmark metrics (eval.json written before they existed, or a dataset without a model or board labels).');
      return;
    }
    const summary = benchmarkSummary(report.records);
    page.paragraph(BENCHMARK_EXPLANATION);
    page.table(summary.table);
    page.paragraph(summary.whitening);
    page.paragraph(summary.absorption);
  },
};
