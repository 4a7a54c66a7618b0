import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { importCorpus } from '../src/core/text/corpus/import';
import { readCorpusRows } from '../src/core/text/corpus/store';
import { analyse } from '../src/core/text/nlp/analyse';
import { featurise, textFeatures } from '../src/core/text/features';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * Issue 16: featurising the 5,000 shipped reviews (Amazon Fine Food, CC0, ../shared/data/reviews)
 * takes ≤ 60 s on 2 cores. One thread: import the CSV as a corpus, analyse every review
 * (wink-nlp), compute every registered feature, and the evidence of every feature for the first
 * 50 reviews (one corpus page). The reference, measured in the same run, is wink-nlp's bare
 * readDoc + POS/sentiment read-out on the same texts: `ratioToWink` is what the studio's
 * analysis and features cost on top of the tagger itself.
 * Prints one JSON object. `--limit N` uses the first N reviews.
 */

const CSV = path.resolve(import.meta.dirname, '../../shared/data/reviews/amazon_fine_food_reviews_first5k.csv');
const TARGET_SECONDS = 60;

const seconds = (t0: number) => (performance.now() - t0) / 1000;

export async function run(argv: string[]): Promise<void> {
  const limit = Number(option(argv, 'limit') ?? Infinity);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-text-'));
  try {
    let t0 = performance.now();
    const meta = await importCorpus({ source: CSV, id: 'reviews', name: 'reviews', options: { textColumn: 'Text', idColumn: 'Id', groupColumn: 'ProductId' }, outDir: path.join(root, 'corpora', 'reviews') });
    const importSeconds = seconds(t0);
    const texts: string[] = [];
    for await (const row of readCorpusRows(root, 'reviews')) if (texts.length < limit) texts.push(row.text);

    const nlp = winkNLP(model);
    t0 = performance.now();
    for (const t of texts) {
      const d = nlp.readDoc(t);
      d.tokens().out(nlp.its.pos);
      d.out(nlp.its.sentiment);
    }
    const winkSeconds = seconds(t0);

    t0 = performance.now();
    const docs = texts.map(analyse);
    const analyseSeconds = seconds(t0);
    t0 = performance.now();
    const matrix = featurise(docs);
    const featuriseSeconds = seconds(t0);
    t0 = performance.now();
    let spans = 0;
    for (const d of docs.slice(0, 50)) for (const f of textFeatures) spans += f.evidence(d).length;
    const evidenceSeconds = seconds(t0);

    const total = analyseSeconds + featuriseSeconds;
    console.log(
      JSON.stringify({
        machine: benchMachine(1),
        corpus: { file: path.basename(CSV), rows: meta.rowCount, importSeconds: +importSeconds.toFixed(2) },
        docs: docs.length,
        features: matrix.cols,
        analyseSeconds: +analyseSeconds.toFixed(2),
        featuriseSeconds: +featuriseSeconds.toFixed(2),
        totalSeconds: +total.toFixed(2),
        docsPerSecond: Math.round(docs.length / total),
        evidence: { docs: Math.min(50, docs.length), spans, seconds: +evidenceSeconds.toFixed(2) },
        reference: { winkReadDocSeconds: +winkSeconds.toFixed(2) },
        ratioToWink: +(total / winkSeconds).toFixed(2),
        targetSeconds: TARGET_SECONDS,
        withinTarget: total <= TARGET_SECONDS,
      }),
    );
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
