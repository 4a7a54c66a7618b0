/**
 * The registry of report sections: one entry per kind of content, each drawing itself from
 * the report's records with the shared chart builders. A new section (probing curves) is one
 * more entry, as the feature cards are.
 */
import { coverageBarsOption } from '../../shared/charts/coverageBars';
import { paretoOption, paretoRuns } from '../../shared/charts/pareto';
import { RUN_TABLE_COLUMNS, type RunColumn, runTable } from '../../shared/charts/runTable';
import { formatCount } from '../../shared/format';
import { benchmarkSection } from '../demo/benchmarkSection';
import { matchedL0Section } from '../demo/matchedL0Section';
import { featureCardsSection } from './cards';
import { conceptsSection } from './conceptsSection';
import type { PdfLayout } from './layout';
import { isBaseline, type Report, type SectionName } from './model';

export interface ReportSection {
  title: string;
  /** points the section's start needs on one page, so a heading is never left alone at a page foot */
  keepTogether: number;
  /** drawn from the top of a new page (a card is a page of its own) */
  startsPage?: boolean;
  draw(page: PdfLayout, report: Report): void;
}

const num = (v: unknown): number => v as number;
const str = (v: unknown): string => v as string;

export const REPORT_SECTIONS: Record<SectionName, ReportSection> = {
  summary: {
    title: 'Summary',
    keepTogether: 150,
    draw(page, report) {
      const saes = report.records.filter((r) => !isBaseline(r));
      const baselines = report.records.filter(isBaseline);
      page.facts([
        ...report.summary,
        { label: 'Runs', value: `${formatCount(saes.length)} SAEs, ${formatCount(baselines.length)} baselines (${baselines.map((b) => str(b.run)).join(', ') || 'none'})` },
        { label: 'Board family', value: report.family },
        { label: 'Produced', value: report.createdAt },
      ]);
    },
  },
  pareto: {
    title: 'Sparsity against fidelity',
    keepTogether: 400,
    draw(page, report) {
      page.paragraph('Each point is one run: mean active features per input (L0, log scale) against the fraction of variance unexplained. Lower is better on both axes; the dashed line joins the runs no other run beats on both.');
      page.chart(paretoOption(paretoRuns(report.records), page.theme), 320);
    },
  },
  coverage: {
    title: 'Coverage and board reconstruction',
    keepTogether: 420,
    draw(page, report) {
      page.paragraph(`Coverage: mean over board-state cells of the best F1 of any feature as a classifier of that cell. Board reconstruction: F1 of the board predicted from the features' high-precision labels (Karvonen et al. 2024). Measured on ${report.family}; dashed lines are the baselines.`);
      const scores = (r: (typeof report.records)[number]) => ({ name: str(r.run), arch: typeof r.arch === 'string' ? r.arch : undefined, coverage: num(r.coverage), boardReconstruction: num(r.boardReconstruction) });
      page.chart(coverageBarsOption(report.records.filter((r) => !isBaseline(r)).map(scores), report.records.filter(isBaseline).map(scores), page.theme, report.family), 440);
    },
  },
  runTable: {
    title: 'Runs',
    keepTogether: 120,
    draw(page, report) {
      page.paragraph('Every run and baseline with its headline metrics; the CSV beside this report holds all of them at full precision.');
      // a column nothing was measured in (a text run's board scores) would be a column of dashes
      const columns: RunColumn[] = RUN_TABLE_COLUMNS.filter((c) => report.records.some((r) => r[c.key] !== undefined && r[c.key] !== null));
      page.table(runTable(report.records.map((r) => Object.fromEntries(columns.map((c) => [c.key, r[c.key] ?? null]))), columns));
    },
  },
  featureCards: featureCardsSection,
  matchedL0: matchedL0Section,
  concepts: conceptsSection,
  benchmark: benchmarkSection,
};
