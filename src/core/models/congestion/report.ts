import path from 'node:path';
import { searchCurveOption } from '../../../shared/charts/searchCurve';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import type { ResultRecord } from '../common/results';
import { METRICS } from './evaluate';
import type { RudyComparison } from './rudy-check';
import type { SearchResult } from './search';
import type { TrainMetrics } from './workspace';

export const MODEL_LABELS: Record<string, string> = {
  gated: 'gated preference model (features)',
  gatedPooledMaps: 'gated preference model (pooled maps)',
  ridge: 'ridge on all features',
  rudySum: 'RUDY sum',
  topTileMean: 'top-20 tile mean of RUDY (GPDL-style)',
};

const f3 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Rows of the metrics table: one per model, "value [low, high]" per metric, on the 'test' split. */
export function metricsTable(records: readonly ResultRecord[]) {
  const models = [...new Set(records.map((r) => r.model))];
  return {
    columns: [{ key: 'model', label: 'model (congestion score)', align: 'left' as const }, ...METRICS.map((m) => ({ key: m, label: m.toUpperCase(), align: 'right' as const }))],
    rows: models.map((model) => [
      MODEL_LABELS[model] ?? model,
      ...METRICS.map((m) => {
        const r = records.find((x) => x.model === model && x.metric === m && x.split === 'test');
        return r ? `${f3(r.value)} [${f3(r.low)}, ${f3(r.high)}]` : '—';
      }),
    ]),
  };
}

/** The congestion report section and PDF: search curve, metrics against baselines, RUDY check. */
export async function writeCongestionReport(projectDir: string, parts: { search: SearchResult | null; metrics: TrainMetrics | null; rudy: RudyComparison[] | null }): Promise<string> {
  const page = new PdfLayout(reportFonts(), { title: 'Congestion workspace', createdAt: new Date().toISOString() });
  page.heading('Chip congestion: features, preference model, baselines', 18);
  drawCongestionSection(page, parts);
  const file = path.join(projectDir, 'reports', 'congestion.pdf');
  await writeFileAtomic(file, await page.finish());
  return file;
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
    page.heading('Preference model on held-out designs', 14);
    page.paragraph(`Every score is a congestion score (higher = more congested); the gated model's is −R, R being trained with "preferred = less congested". Metrics are computed within each held-out design and averaged over designs (leave-one-design-out); the interval resamples designs. Features: ${metrics.features.length} from the ${metrics.featureSource}. ${metrics.seconds.toFixed(1)} s.`);
    page.table(metricsTable(metrics.records));
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
