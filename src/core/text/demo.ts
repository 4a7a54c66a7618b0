/**
 * The text demo (`feature-studio demo text`): the shipped text model → per-byte activations of
 * held-out English text (resources/text/) → a small SAE sweep (ReLU-L1 at two penalties, TopK,
 * JumpReLU) → explorer-ready runs with token examples → reports/demo-text.pdf|csv with the core
 * metrics, per run the same-token and same-POS shares (text/lm/monosemanticity.ts), and the
 * benchmark's sparse probing (reviews, authors) and first-letter absorption (sae/run/textProbing.ts).
 */
import os from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../../shared/charts/runTable';
import { StudioError } from '../../shared/errors';
import { formatCount, formatDuration } from '../../shared/format';
import { ActivationStore } from '../data/store';
import { saeFeatures } from '../demo/baselines';
import { openOrCreate } from '../demo/run';
import { type DemoStage, type OnStage, StageReporter } from '../demo/progress';
import type { DemoPlan, DemoSize } from '../demo/sizes';
import type { SweepEntry } from '../demo/sweep';
import { trainSweep, type TrainedRun } from '../demo/trainStage';
import { loadModelDir, TEXT_MODEL_DIR } from '../games/lm/shipped';
import { newEntryId } from '../project/ids';
import { writeReportCsv } from '../reports/csv';
import { writeReportPdf } from '../reports/pdf';
import { CoreMetricsAccumulator } from '../sae/metrics/core';
import { type BenchmarkMetrics, benchmarkMetrics, SPLICED_GAMES } from '../sae/run/benchmarkMetrics';
import { benchmarkFields } from '../sae/run/evaluate';
import { writeRunEval, writeRunInfo } from '../sae/run/folder';
import { readTextProbes } from '../sae/run/textProbing';
import { benchmarkRecord } from '../demo/records';
import { TEXT_PROBE_PLANS } from './lm/probeTasks';
import { extractTextActivations, tokenRowPlaces } from './lm/extract';
import { analyse } from './nlp/analyse';
import { AGREEMENT, TOP_EXAMPLES, TopExamples, byteLabels, sharedLabelShares, type Tagger } from './lm/monosemanticity';
import { readTextSample } from './lm/sample';
import { listReport } from '../project/listed';

export interface TextDemoPlan {
  /** documents of the sample read (from each source in turn) and bytes read of each */
  docs: number;
  maxBytes: number;
  trainFraction: number;
  widthFactor: number;
  steps: number;
  batchSize: number;
  /** documents the SAEs are spliced into the model on for CE loss recovered */
  splicedDocs: number;
}

export const TEXT_DEMO_PLANS: Record<DemoSize, TextDemoPlan> = {
  tiny: { docs: 24, maxBytes: 256, trainFraction: 0.7, widthFactor: 4, steps: 100, batchSize: 256, splicedDocs: 4 },
  small: { docs: 175, maxBytes: 2048, trainFraction: 0.8, widthFactor: 8, steps: 2000, batchSize: 256, splicedDocs: SPLICED_GAMES },
};

export interface TextDemoOptions {
  projectDir: string;
  size?: DemoSize;
  seed?: number;
  threads?: number;
  /** the text model folder (default the shipped one) */
  modelDir?: string;
  /** tags words for the same-POS share (default: the studio's English tagger, text/nlp `analyse`) */
  tagger?: Tagger;
  onStage?: OnStage;
  signal?: AbortSignal;
}

export interface TextDemoResult {
  projectDir: string;
  csvFile: string;
  pdfFile: string;
  datasetId: string;
  runIds: string[];
  records: RunRecord[];
  layer: number;
  seconds: Partial<Record<DemoStage, number>>;
}

export const TEXT_REPORT_ID = 'demo-text';

/** Chooses the sweep's text runs from the board demo's: ReLU-L1 at its compared penalties, TopK, JumpReLU, none whitened. */
const TEXT_ARCHS = new Set(['relu', 'topk', 'jumprelu']);

export async function runTextDemo(opts: TextDemoOptions): Promise<TextDemoResult> {
  const size = opts.size ?? 'small';
  const plan = TEXT_DEMO_PLANS[size];
  if (!plan) throw new StudioError('bad-input', `size must be tiny or small, got '${size}'`, 'size');
  const seed = opts.seed ?? 1;
  const threads = opts.threads ?? os.availableParallelism();
  const seconds: Partial<Record<DemoStage, number>> = {};
  const stage = (name: DemoStage, total: number, unit: string, title?: string) => new StageReporter(name, opts.onStage, total, unit, title);

  let st = stage('project', 1, 'steps');
  const project = await openOrCreate(opts.projectDir, 'Feature Studio text demo');
  try {
    seconds.project = st.finish(project.dir);

    st = stage('games', 1, 'documents', 'Held-out text');
    const rows = await readTextSample();
    const docs = interleaveSources(rows).slice(0, plan.docs);
    const texts = docs.map((d) => d.text);
    seconds.games = st.finish(`${docs.length} held-out documents`);

    st = stage('model', 1, 'steps', 'Text model');
    const dir = opts.modelDir ?? TEXT_MODEL_DIR;
    const { model, info } = await loadModelDir(dir);
    if (model.config.game !== 'text') throw new StudioError('bad-file', 'this is not a text model', dir);
    const layer = Math.floor(model.config.gpt.layers / 2);
    const bpb = info.metrics.heldOutBitsPerByte;
    seconds.model = st.finish(`shipped model, layer ${layer}${typeof bpb === 'number' ? `, ${bpb.toFixed(3)} bits/byte held out` : ''}`);

    st = stage('extract', 1, 'rows');
    const datasetId = newEntryId(`text resid layer ${layer}`, new Set(project.manifest.datasets.map((d) => d.id)));
    const datasetDir = path.join(project.dir, 'datasets', datasetId);
    const meta = await extractTextActivations({
      model, texts, layer, pooling: 'token', maxBytes: plan.maxBytes, datasetDir, id: datasetId,
      name: `Text resid_post layer ${layer} (demo, ${docs.length} held-out documents)`, source: { sample: path.basename(TEXT_MODEL_DIR) },
      trainFraction: plan.trainFraction, threads, signal: opts.signal, onProgress: (n, total) => st.update(n, total),
    });
    await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
    seconds.extract = st.finish(`${formatCount(meta.rows)} bytes × ${meta.dims} dims`);

    const sweepPlan: DemoPlan = { games: docs.length, trainFraction: plan.trainFraction, widthFactor: plan.widthFactor, steps: plan.steps, batchSize: plan.batchSize, comparedLevels: 2, modelSteps: 0, modelBatch: 0 };
    // ReLU-L1 at both compared penalties, the first (the board demo's main) TopK and JumpReLU settings
    const pick = (sweep: SweepEntry[]) => sweep.filter((e, i) => TEXT_ARCHS.has(e.arch) && !e.whitening && (e.arch === 'relu' || sweep.findIndex((o) => o.arch === e.arch) === i));
    st = stage('train', plan.steps * 4, 'SAE steps');
    const store = await ActivationStore.open(datasetDir);
    let runs: TrainedRun[];
    try {
      runs = await trainSweep(project, store, datasetId, sweepPlan, { seed, threads, signal: opts.signal, pick, progress: (n) => st.update(n) });
    } finally {
      await store.close();
    }
    seconds.train = st.finish(`${runs.length} SAEs`);

    st = stage('evaluate', runs.length + 1, 'runs');
    // the labelled reviews and newswire go through the model once for every run
    const probes = await readTextProbes(model, layer, runs.map((r) => r.sae), TEXT_PROBE_PLANS[size], { threads, signal: opts.signal });
    st.update(1);
    const places = tokenRowPlaces(texts, model.config.gpt.context, plan.maxBytes);
    const labels = byteLabels(texts, opts.tagger ?? ((text) => analyse(text).tokens));
    const records: RunRecord[] = [];
    const held = await ActivationStore.open(datasetDir);
    try {
      const [lo, hi] = held.splitRange('validation');
      const x = await held.readRows(lo, hi - lo);
      const heldPlaces = { doc: places.doc.subarray(lo, hi), byte: places.byte.subarray(lo, hi) };
      for (const r of runs) {
        if (opts.signal?.aborted) throw new StudioError('cancelled', 'the text demo was cancelled', r.entry.name);
        const b = await benchmarkMetrics(r.sae, held, { threads, textProbes: probes, splicedGames: plan.splicedDocs });
        records.push(await evaluateRun(r, x, meta.dims, heldPlaces, labels, datasetId, b));
        st.update(records.length + 1);
      }
    } finally {
      await held.close();
    }
    seconds.evaluate = st.finish(`${records.length} runs on ${formatCount(meta.rows - meta.split.trainRows)} held-out bytes`);

    st = stage('report', 2, 'files');
    const reportsDir = path.join(project.dir, 'reports');
    const csvFile = path.join(reportsDir, `${TEXT_REPORT_ID}.csv`);
    const pdfFile = path.join(reportsDir, `${TEXT_REPORT_ID}.pdf`);
    await writeReportCsv(csvFile, records);
    st.update(1);
    const createdAt = new Date().toISOString();
    const pct = (v: unknown) => (typeof v === 'number' ? `${(100 * v).toFixed(0)}%` : 'not measured');
    await writeReportPdf(pdfFile, {
      title: 'Text SAEs — demo',
      createdAt,
      family: 'none (text)',
      sections: ['summary', 'runTable', 'benchmark'],
      records,
      summary: [
        { label: 'Project', value: project.dir },
        { label: 'Size', value: `${size} (seed ${seed})` },
        { label: 'Text', value: `${docs.length} held-out documents of the shipped English sample (reviews, HH-RLHF dialogues, Federalist papers, Reuters), up to ${formatCount(plan.maxBytes)} bytes each` },
        { label: 'Model', value: `shipped byte-level GPT: d ${model.config.gpt.d}, ${model.config.gpt.layers} layers${typeof bpb === 'number' ? `, ${bpb.toFixed(3)} held-out bits/byte` : ''}` },
        { label: 'Activations', value: `resid_post of layer ${layer}: ${formatCount(meta.rows)} bytes × ${meta.dims} dims; SAEs train on ${formatCount(meta.split.trainRows)}, the rest is held out` },
        { label: 'Same token / same POS', value: `share of features (firing on ≥ ${TOP_EXAMPLES} held-out bytes) whose top ${TOP_EXAMPLES} examples agree on one byte token / one POS tag in ≥ ${AGREEMENT * 100}% of them` },
        ...records.map((r) => ({ label: String(r.run), value: `same token ${pct(r.sameTokenShare)}, same POS ${pct(r.samePosShare)} of ${String(r.judgedFeatures)} features` })),
        { label: 'Time', value: Object.entries(seconds).map(([s, t]) => `${s} ${formatDuration(t!)}`).join(', ') },
      ],
    });
    await listReport(project, { id: TEXT_REPORT_ID, name: 'Text SAEs — demo', createdAt });
    seconds.report = st.finish(path.relative(project.dir, pdfFile));
    return { projectDir: project.dir, csvFile, pdfFile, datasetId, runIds: runs.map((r) => r.id), records, layer, seconds };
  } finally {
    await project.close();
  }
}

/** Documents taken from each source in turn, so a small slice holds every kind of text. */
function interleaveSources<T extends { fields: { source: string } }>(rows: readonly T[]): T[] {
  const bySource = new Map<string, T[]>();
  for (const r of rows) bySource.set(r.fields.source, [...(bySource.get(r.fields.source) ?? []), r]);
  const lists = [...bySource.values()];
  const out: T[] = [];
  for (let i = 0; out.length < rows.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

async function evaluateRun(r: TrainedRun, x: Float32Array, d: number, places: { doc: Uint32Array; byte: Uint32Array }, labels: ReturnType<typeof byteLabels>, datasetId: string, b: BenchmarkMetrics): Promise<RunRecord> {
  const map = saeFeatures(r.sae);
  const acc = new CoreMetricsAccumulator(d, map.features);
  const top = new TopExamples(map.features);
  const rows = x.length / d;
  try {
    for (let r0 = 0; r0 < rows; r0 += 1024) {
      const batch = x.subarray(r0 * d, Math.min(rows, r0 + 1024) * d);
      const { f, xHat } = await map.apply(batch);
      acc.add(batch, xHat, f);
      top.add(f, r0);
    }
  } finally {
    await map.dispose();
  }
  const core = acc.result();
  await writeRunEval(r.dir, { ...core, datasetId, evaluatedAt: new Date().toISOString(), mmcs: null, ...benchmarkFields(b) });
  await writeRunInfo(r.dir, { ...r.info, evaluated: true });
  const shares = sharedLabelShares(top, places, labels);
  return {
    run: r.entry.name, kind: 'sae', arch: r.entry.arch, width: r.config.width, l0: core.l0, fvu: core.fvu, coverage: null, boardReconstruction: null,
    runId: r.id, config: JSON.stringify(r.entry.archConfig), cossim: core.cossim, explainedVariance: core.explainedVariance, deadFraction: core.deadFraction,
    sameTokenShare: shares.sameToken, samePosShare: shares.samePos, judgedFeatures: shares.judged, evalRows: core.rows, ...benchmarkRecord(b),
  };
}
