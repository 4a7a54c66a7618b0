import { StudioError } from '../../shared/errors';
import { REVIEW_MODEL_TITLES } from '../../shared/schemas/reviews';
import { crossValidate, type CrossValResult } from '../../core/models/reviews/crossval';
import { DiscoverConfig } from '../../core/models/reviews/discover';
import { shippedTextEmbedder } from '../../core/models/reviews/embedding';
import type { ReviewModelName } from '../../core/models/reviews/evaluate';
import { readReviewItems, type TargetSpec } from '../../core/models/reviews/target';
import { ProgressBar } from '../progress-bar';

export interface CrossValOptions {
  projectDir: string;
  corpus: string;
  target: TargetSpec;
  folds: number;
  rounds?: number;
  maxRows?: number;
  embedding: boolean;
  quiet: boolean;
}

/**
 * `reviews crossval`: the discover job run once per product-grouped fold, every review with a
 * test-grade target predicted out of fold, pooled (core/models/reviews/crossval.ts). It runs in
 * the CLI process, not as a job of the app: it is K discoveries (≈ 25 min for the small demo's
 * corpus on 2 shared cores), a measurement rather than something an analyst waits for in the app.
 */
export async function runCrossVal(o: CrossValOptions): Promise<CrossValResult> {
  const fitTarget: TargetSpec = { ...o.target, minVotes: o.target.trainMinVotes ?? o.target.minVotes, trainMinVotes: undefined };
  const testTarget: TargetSpec = { ...o.target, trainMinVotes: undefined };
  const { items } = await readReviewItems(o.projectDir, o.corpus, fitTarget, { maxRows: o.maxRows });
  const testIds = new Set((await readReviewItems(o.projectDir, o.corpus, testTarget, { maxRows: o.maxRows })).items.map((it) => it.id));
  if (testIds.size < 5 * o.folds) throw new StudioError('bad-input', `${testIds.size} reviews have a target to test on; ${o.folds} folds need at least ${5 * o.folds}`, '--folds');
  const config = DiscoverConfig.parse(o.rounds === undefined ? {} : { rounds: o.rounds });
  const bar = new ProgressBar(`Cross-validate review-quality features (${o.folds} folds)`);
  const started = performance.now();
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    const result = await crossValidate(
      { items, testIds, folds: o.folds, config, embed: o.embedding ? shippedTextEmbedder(1) : null },
      {
        signal: controller.signal,
        log: (l) => {
          if (!o.quiet && /ρ|fold \d+\/\d+: \d+ reviews/.test(l)) process.stderr.write(`${l}\n`);
        },
        progress: (fraction) => {
          if (o.quiet) return;
          const elapsed = (performance.now() - started) / 1000;
          bar.update({ step: Math.round(1000 * fraction), total: 1000, unit: '‰', rate: null, etaSeconds: fraction > 0.02 ? (elapsed * (1 - fraction)) / fraction : null, metrics: {} });
        },
      },
    );
    if (!o.quiet) bar.end();
    return result;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const iv = (v: number, lo: number, hi: number) => `${f3(v)} [${f3(lo)}, ${f3(hi)}]`;

export function crossValText(r: CrossValResult): string {
  const rows = (Object.entries(r.models) as [ReviewModelName, CrossValResult['models'][ReviewModelName] & object][]).map(([m, x]) => [
    REVIEW_MODEL_TITLES[m] ?? m,
    iv(x.spearman, x.spearmanLow, x.spearmanHigh),
    m === 'bagOfWords' ? '' : iv(x.minusBagOfWords.value, x.minusBagOfWords.low, x.minusBagOfWords.high),
  ]);
  const head = ['model', 'pooled ρ [95%, by product]', 'minus bag of words [paired 95%]'];
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) => cells.map((s, c) => s.padEnd(widths[c])).join('  ');
  const said = { above: 'lies above 0: discovered beats bag of words', contains: 'contains 0: no difference shown', below: 'lies below 0: bag of words beats discovered' }[r.paired.verdict];
  return [
    `${r.folds} product-grouped folds: ${r.reviews} test reviews of ${r.products} products, each predicted once out of fold (ranked within its fold, pooled); ${r.resamples} product resamples`,
    line(head),
    ...rows.map(line),
    `discovered − bag of words: ${iv(r.paired.difference, r.paired.low, r.paired.high)}; the interval ${said}`,
    ...r.perFold.map((f) => `fold ${f.fold + 1}: ${f.reviews} reviews of ${f.products} products, ρ discovered ${f3(f.spearman.discovered ?? NaN)}, bag of words ${f3(f.spearman.bagOfWords ?? NaN)}, selection ρ ${f3(f.selectionRho)}, ${f.seconds.toFixed(0)} s`),
  ].join('\n');
}
