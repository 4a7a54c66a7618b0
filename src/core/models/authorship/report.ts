import { contributionWaterfallOption, icHistogramOption } from '../../../shared/charts/authorship';
import { AUTHORSHIP_SYSTEMS, type AuthorshipModelDetail, type AuthorshipPairView, type AuthorshipSystem } from '../../../shared/schemas/authorship';
import { writeFileAtomic } from '../../io/atomic';
import { reportFonts } from '../../reports/fonts';
import { PdfLayout } from '../../reports/layout';
import { bootstrapInterval, pick } from '../common/bootstrap';
import { rocAuc } from '../common/rank-metrics';
import { resultsCsv, type ResultRecord } from '../common/results';

const f3 = (x: number) => x.toFixed(3);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const METRICS = ['accuracy', 'auc', 'f1Same', 'f1Different', 'c1', 'f05u', 'f1', 'brier', 'panMean'] as const;
const METRIC_TITLES: Record<(typeof METRICS)[number], string> = { accuracy: 'acc.', auc: 'AUC', f1Same: 'F1 same', f1Different: 'F1 diff.', c1: 'c@1', f05u: 'F0.5u', f1: 'F1 (PAN)', brier: 'Brier', panMean: 'PAN mean' };

/** Each system's score on every test pair (what AUC intervals resample). */
export function systemScores(detail: AuthorshipModelDetail): Record<AuthorshipSystem, number[]> {
  return {
    interpretable: detail.testScores.map((s) => s.sI),
    residualized: detail.testScores.map((s) => s.sI + s.rHat),
    neuralOnly: detail.testScores.map((s) => s.neural),
  };
}

/** The table, faithfulness and case study as the workspaces' result records (the report's CSV); AUC with a bootstrap 95% interval over test pairs. */
export function authorshipRecords(detail: AuthorshipModelDetail): ResultRecord[] {
  const labels = detail.testScores.map((s) => s.same);
  const scores = systemScores(detail);
  const records: ResultRecord[] = [];
  for (const m of AUTHORSHIP_SYSTEMS) {
    for (const metric of METRICS) {
      const iv = metric === 'auc' ? bootstrapInterval(labels.length, (idx) => rocAuc(pick(scores[m], idx), pick(labels, idx)), { resamples: 500 }) : null;
      records.push({ model: m, metric, value: detail.models[m][metric], low: iv?.low ?? null, high: iv?.high ?? null, split: 'test' });
    }
  }
  const f = detail.faithfulness;
  records.push({ model: 'residualized', metric: 'meanIC', value: f.meanIC, low: null, high: null, split: 'test' });
  records.push({ model: 'residualized', metric: 'flipShare', value: f.flipShare, low: null, high: null, split: 'test' });
  records.push({ model: 'residualized', metric: 'meanInterpretableShare', value: f.meanInterpretableShare, low: null, high: null, split: 'test' });
  for (const row of detail.federalist ?? []) {
    records.push({ model: 'residualized', metric: 'hamilton', value: row.hamilton, low: null, high: null, split: `federalist:${row.paper}` });
    records.push({ model: 'residualized', metric: 'madison', value: row.madison, low: null, high: null, split: `federalist:${row.paper}` });
    records.push({ model: 'interpretable', metric: 'hamilton', value: row.hamiltonInterpretable, low: null, high: null, split: `federalist:${row.paper}` });
    records.push({ model: 'interpretable', metric: 'madison', value: row.madisonInterpretable, low: null, high: null, split: `federalist:${row.paper}` });
  }
  return records;
}

/**
 * The authorship verifier's report section: the data and protocol, the one table of the three
 * systems on the same test pairs, the faithfulness figures and IC histogram, one pair's
 * contributions, and the Federalist case study when it was run.
 */
export async function writeAuthorshipReport(files: { pdf: string; csv: string }, detail: AuthorshipModelDetail, example: AuthorshipPairView | null): Promise<void> {
  const page = new PdfLayout(reportFonts(), { title: detail.name, createdAt: new Date().toISOString() });
  page.heading(detail.name, 20);
  page.heading('Authorship verification by residualized similarity');
  page.facts([
    { label: 'Texts', value: `${detail.texts} by ${detail.authors} authors from ${detail.source}` },
    { label: 'Pairs', value: `${detail.pairs.train} train, ${detail.pairs.dev} dev, ${detail.pairs.test} test, balanced; ${detail.config.protocol === 'open' ? 'authors disjoint between splits (open set)' : 'the same authors, texts disjoint (closed set)'}` },
    { label: 'Interpretable', value: `s_I = cosine of ${detail.features} Gram2Vec-style relative frequencies; unavailable: ${detail.unavailableFamilies.map((f) => f.family).join(', ') || 'none'}` },
    { label: 'Residual', value: `r = y − s_I with y ∈ {0, 1}; character n-gram encoder (code ${detail.config.code}) and head h → h/2 → h/4 → 1, tanh, MSE, AdamW; best dev epoch ${detail.residual.bestEpoch} of ${detail.config.epochs}` },
    { label: 'Thresholds', value: `θ from linspace(0.1, 1, 19) on train: interpretable ${f3(detail.thresholds.interpretable)}, residualized ${f3(detail.thresholds.residualized)}, neural-only ${f3(detail.thresholds.neuralOnly)}` },
  ]);
  page.heading('Test pairs: the three systems');
  page.paragraph('Accuracy, per-class F1 and ROC-AUC as the reference reports them; c@1, F0.5u, F1, 1 − Brier and their mean as PAN\'s evaluator computes them, from p = σ(a·(s − θ)) with a fitted on train.');
  // two tables of few columns: one page is too narrow for all nine
  const SHORT: Record<AuthorshipSystem, string> = { interpretable: 'interpretable s_I', residualized: 'residualized s_I + r̂', neuralOnly: 'neural only' };
  for (const group of [METRICS.slice(0, 4), METRICS.slice(4)]) {
    page.table({
      columns: [{ key: 'm', label: 'system', align: 'left' }, ...group.map((k) => ({ key: k, label: METRIC_TITLES[k], align: 'right' as const }))],
      rows: AUTHORSHIP_SYSTEMS.map((m) => [SHORT[m], ...group.map((k) => f3(detail.models[m][k]))]),
    });
  }
  const f = detail.faithfulness;
  page.heading('Faithfulness: how much the residual decides');
  page.facts([
    { label: 'Mean IC', value: `${f3(f.meanIC)} (IC = 1 − |r̂|; 1 means the features alone decide)` },
    { label: 'Flipped', value: `${pct(f.flipShare)} of test decisions differ from the interpretable system's own (s_I > θ_I)` },
    { label: 'Interpretable share', value: `${pct(f.meanInterpretableShare)} of the score on average (|s_I| / (|s_I| + |r̂|))` },
  ]);
  page.chart(icHistogramOption(f.histogram, page.theme), 200);
  if (example) {
    page.heading('What decided one test pair');
    page.paragraph(`${example.a.id} against ${example.b.id}. ${example.same === 1 ? 'Same author' : example.same === 0 ? 'Different authors' : 'Unlabelled'}; s_I ${f3(example.sI)}, r̂ ${f3(example.rHat)}, s ${f3(example.score)} against θ ${f3(example.theta)} → ${example.verdict} (the features alone: ${example.verdictInterpretable}). Each bar is one feature's aᵢbᵢ/(‖a‖‖b‖); with the rest they sum to s_I, and r̂ ends at s.`);
    page.chart(contributionWaterfallOption(example, page.theme), 320);
  }
  if (detail.federalist && detail.federalist.length > 0) {
    page.heading('Federalist case study: the 12 disputed papers');
    page.paragraph("Each disputed paper's mean score against Hamilton's 51 and Madison's 14 undisputed papers (s = s_I + r̂, and s_I alone); the verdict is the higher s. Mosteller and Wallace (1964) attributed all twelve to Madison.");
    page.table({
      columns: [
        { key: 'p', label: 'No.', align: 'left' },
        { key: 'h', label: 'Hamilton', align: 'right' },
        { key: 'm', label: 'Madison', align: 'right' },
        { key: 'i', label: 's_I says', align: 'left' },
        { key: 'v', label: 'verdict', align: 'left' },
        { key: 't', label: 'features towards it', align: 'left' },
      ],
      rows: detail.federalist.map((r) => [String(r.paper), f3(r.hamilton), f3(r.madison), r.madisonInterpretable > r.hamiltonInterpretable ? 'Madison' : 'Hamilton', r.verdict, r.topFeatures.slice(0, 2).map((t) => t.feature).join(', ')]),
    });
  }
  await writeFileAtomic(files.pdf, await page.finish());
  await writeFileAtomic(files.csv, resultsCsv(authorshipRecords(detail)));
}
