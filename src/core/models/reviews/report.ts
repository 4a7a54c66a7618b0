import { reviewMetricsTable, reviewSpearmanOption } from '../../../shared/charts/reviewMetrics';
import { selectionSplitText, sourceText, type ReviewModelInfo, type ReviewView } from '../../../shared/schemas/reviews';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import { resultsCsv, type ResultRecord } from '../common/results';
import { metricRecords } from './metrics';
import { fixedOrDash } from '../../../shared/format';

const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);

/** The table as the workspaces' result records, plus the reference's same-split figure, labelled. */
export function reviewRecords(info: ReviewModelInfo): ResultRecord[] {
  const records = Object.entries(info.models).flatMap(([m, x]) => metricRecords(m, 'test', x));
  records.push({ model: 'discovered', metric: 'spearman', value: info.spearmanSelectionSplit, low: null, high: null, split: `selection split, ${selectionSplitText(info.config)} (as the reference reports)` });
  return records;
}

/**
 * The review workspace's report section: the task, the table against baselines on the test
 * split with the selection-split figure beside it, the kept features, the hypothesis history,
 * and one review's contributions and evidence.
 */
export async function writeReviewsReport(files: { pdf: string; csv: string }, info: ReviewModelInfo, example: ReviewView | null): Promise<void> {
  const page = new PdfLayout(reportFonts(), { title: info.name, createdAt: new Date().toISOString() });
  page.heading(info.name, 20);
  page.heading('Review-quality feature discovery');
  page.facts([
    { label: 'Corpus', value: `${info.corpusId}: ${info.counts.train} train, ${info.counts.valid} validation, ${info.counts.test} test reviews (split by product; ${info.counts.skipped} without a target)` },
    { label: 'Quality target', value: info.target },
    { label: 'Scene', value: info.scene },
    { label: 'Search', value: `beam search (width ${String(info.config.beamWidth)}, ≤ ${String(info.config.maxFeatures)} features), sets scored ${selectionSplitText(info.config)}, ${info.rounds.length - 1} reflection rounds, ${info.hypotheses.length} hypotheses` },
    { label: 'Memory', value: info.memory.length ? info.memory.map((m) => `${m.task} (similarity ${m.similarity.toFixed(2)}: ${m.features.length} features)`).join('; ') : 'no earlier task with a similar scene' },
  ]);
  page.heading('Test split against baselines');
  page.paragraph(`Spearman ρ over test reviews, MAE, and NDCG@10 within products with ≥ 5 test reviews, with bootstrap 95% intervals. The discovered set scores ${f3(info.spearmanSelectionSplit)} ${selectionSplitText(info.config)}, where it was selected — the figure the reference reports — and ${f3(info.models.discovered?.spearman ?? null)} on the test split.`);
  page.chart(reviewSpearmanOption(info.models, page.theme, info.spearmanSelectionSplit), 220);
  page.table(reviewMetricsTable(info.models));
  page.heading('Kept features');
  page.paragraph("The features in the discovered set: where each came from, its weight in the set's linear model (on the feature scaled to [0, 1]), and its Spearman ρ with the target on its own (validation split).");
  page.table({
    columns: [{ key: 'n', label: 'feature', align: 'left' }, { key: 's', label: 'source', align: 'left' }, { key: 'w', label: 'weight', align: 'right' }, { key: 'r', label: 'ρ alone (validation)', align: 'right' }],
    rows: info.kept.map((k) => [`${k.name}: ${k.description}`, sourceText(k.source), k.weight.toFixed(3), f3(k.rhoValid)]),
  });
  page.heading('Hypothesis history');
  page.paragraph(`${info.hypotheses.filter((h) => h.status === 'kept').length} kept of ${info.hypotheses.length}; the non-registry hypotheses and their fate:`);
  page.table({
    columns: [{ key: 'n', label: 'hypothesis', align: 'left' }, { key: 'r', label: 'round', align: 'right' }, { key: 'st', label: 'status', align: 'left' }, { key: 'w', label: 'why', align: 'left' }],
    rows: info.hypotheses.filter((h) => h.source !== 'registry' || h.status === 'kept').slice(0, 40).map((h) => [h.name, String(h.round), h.status, h.reason]),
  });
  if (example) {
    page.heading(`Review ${example.id}`);
    page.paragraph(`Predicted ${example.predicted.toFixed(3)}${example.target === null ? '' : `, actual ${example.target.toFixed(3)}`}. ${example.text.slice(0, 700)}${example.text.length > 700 ? '…' : ''}`);
    page.paragraph("Each kept feature's value on this review, its contribution to the predicted score, and the evidence: the passages that gave it its value.");
    page.table({
      columns: [{ key: 'n', label: 'feature', align: 'left' }, { key: 'v', label: 'value', align: 'right' }, { key: 'c', label: 'contribution', align: 'right' }, { key: 'e', label: 'evidence', align: 'left' }],
      rows: example.contributions.map((c) => [c.name, c.value.toFixed(3), c.contribution.toFixed(3), c.evidence.slice(0, 4).map((s) => `"${example.text.slice(s.start, s.end).slice(0, 30)}"`).join(', ')]),
    });
  }
  await writeFileAtomic(files.pdf, await page.finish());
  await writeFileAtomic(files.csv, resultsCsv(reviewRecords(info)));
}
