import path from 'node:path';
import { searchCurveOption } from '../../../shared/charts/searchCurve';
import { writeFileAtomic } from '../../io/atomic';
import type { Project } from '../../project/project';
import { resultsCsv } from '../common/results';
import { reportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import { congestionMetricsTable } from '../../../shared/charts/congestionMetrics';
import type { RudyComparison } from './rudy-check';
import type { SearchResult } from './search';
import type { TrainMetrics } from './workspace';
import { listReport } from '../../project/listed';

/** The congestion report section and PDF: search curve, metrics against baselines, RUDY check. */
export async function writeCongestionReport(projectDir: string, parts: { search: SearchResult | null; metrics: TrainMetrics | null; rudy: RudyComparison[] | null }): Promise<string> {
  const page = new PdfLayout(reportFonts(), { title: 'Congestion workspace', createdAt: new Date().toISOString() });
  page.heading('Chip congestion: features, preference model, baselines', 18);
  drawCongestionSection(page, parts);
  const file = path.join(projectDir, 'reports', `${CONGESTION_REPORT_ID}.pdf`);
  await writeFileAtomic(file, await page.finish());
  // the CSV beside it, as every report listed in Reports has: the held-out metrics as result records
  await writeFileAtomic(path.join(projectDir, 'reports', `${CONGESTION_REPORT_ID}.csv`), resultsCsv(parts.metrics?.records ?? []));
  return file;
}

export const CONGESTION_REPORT_ID = 'congestion';

/** Lists the workspace's report (reports/congestion.pdf and .csv) among the project's reports, once. */
export async function listCongestionReport(project: Project): Promise<void> {
  await listReport(project, { id: CONGESTION_REPORT_ID, name: 'Congestion workspace report', createdAt: new Date().toISOString() });
}

export function drawCongestionSection(page: PdfLayout, { search, metrics, rudy }: { search: SearchResult | null; metrics: TrainMetrics | null; rudy: RudyComparison[] | null }): void {
  if (search) {
    const last = search.history.at(-1)!;
    page.heading('Genetic feature search', 14);
    page.paragraph(`${search.history.length - 1} generations on ${search.layouts.length} layouts. Fitness: random-forest importance for the scalar label under leave-one-design-out cross-validation; the kept pool's held-out-design SRCC went from ${search.history[0].poolScore.toFixed(3)} to ${last.poolScore.toFixed(3)} (a generation that would lower it is not taken).`);
    page.chart(searchCurveOption(search.history, page.theme), 240);
    page.table({
      columns: [
        { key: 'rank', label: '#', align: 'right' },
        { key: 'importance', label: 'importance', align: 'right' },
        { key: 'definition', label: 'definition', align: 'left' },
      ],
      rows: search.pool.slice(0, 10).map((f, i) => [String(i + 1), f.importance.toFixed(3), f.definition]),
    });
  }
  if (metrics) {
    const models = new Set(metrics.records.filter((r) => r.split === 'test').map((r) => r.model)).size;
    // heading, paragraph and the few two-line rows on one page: a lone row spilled onto a page of its own
    page.ensure(130 + 26 * models);
    page.heading('Preference model on held-out designs', 14);
    page.paragraph(`Every score is a congestion score (higher = more congested); the gated model's is −R, R being trained with "preferred = less congested". Metrics are computed within each held-out design and averaged over designs (leave-one-design-out); the interval resamples designs. Features: ${metrics.features.length} from the ${metrics.featureSource}. ${metrics.seconds.toFixed(1)} s.`);
    const table = congestionMetricsTable(metrics.records);
    // the interval under its value: four "value [low, high]" columns do not fit a page's width on one line
    page.table({ ...table, rows: table.rows.map((row) => row.map((cell) => cell.replace(' [', '\n['))) });
  }
  if (rudy?.length) {
    page.heading('RUDY from net lists against CircuitNet', 14);
    page.table({
      columns: [
        { key: 'layout', label: 'net list', align: 'left' },
        { key: 'reference', label: 'CircuitNet map', align: 'left' },
        { key: 'pearson', label: 'Pearson', align: 'right' },
        { key: 'spearman', label: 'Spearman', align: 'right' },
        { key: 'pin', label: 'pin RUDY Pearson', align: 'right' },
      ],
      rows: rudy.map((r) => [r.layout, r.reference, r.pearson.toFixed(3), r.spearman.toFixed(3), r.pinPearson === null ? '—' : r.pinPearson.toFixed(3)]),
    });
  }
}
