/**
 * The main job of the studio, headless (DESIGN.md "Data flow of the main job", issue 5):
 * project → games (seeded Othello games, or the bundled chess games) → transcript model →
 * residual activations with board labels → a sweep of SAEs → core and board metrics with
 * baselines → report (CSV + PDF). Everything lands in the project folder and is listed in its
 * manifest.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunRecord } from '../../shared/charts/runTable';
import type { BoardGame } from '../../shared/schemas/dataset';
import { StudioError } from '../../shared/errors';
import { formatCount, formatDuration } from '../../shared/format';
import { ActivationStore } from '../data/store';
import { writeFileAtomic } from '../io/atomic';
import { MANIFEST_FILE } from '../project/layout';
import { newEntryId } from '../project/ids';
import { Project } from '../project/project';
import { csvTable, writeReportCsv } from '../reports/csv';
import type { Report } from '../reports/model';
import { writeReportPdf } from '../reports/pdf';
import { neuronBasis, randomDictionary, saeFeatures } from './baselines';
import { replacePreviousDemoDataset } from './replace';
import { evaluateAll, loadHeldOut } from './evalStage';
import { type MatchedL0, matchedL0, matchedL0Columns } from './matchedL0';
import { MATCHED_ARCHS, matchedL0Runs } from './matchedL0Section';
import { demoModel, type DemoModel } from './model';
import { demoPositions, type DemoPositions } from './positions';
import { type DemoStage, type OnStage, StageReporter } from './progress';
import { DEMO_PLANS, type DemoSize, benchmarkSizes } from './sizes';
import { trainSweep, type TrainedRun } from './trainStage';
import { controlSweep, demoSweep, type SweepEntry } from './sweep';
import { TranscriptModel } from '../games/lm/model';
import { listReport } from '../project/listed';

export interface DemoOptions {
  /** the project folder: created when absent or empty, else opened and added to */
  projectDir: string;
  size?: DemoSize;
  /** the board game: Othello (default) or chess */
  game?: BoardGame;
  /** seed of the games (Othello), the SAE initialisations and the baselines */
  seed?: number;
  /** the block whose resid_post the SAEs read (default: where the model's board probe reads best) */
  layer?: number;
  onStage?: OnStage;
  threads?: number;
  /** where to look for the transcript model (default: the shipped one of the game) */
  modelDir?: string;
  signal?: AbortSignal;
}

export interface DemoResult {
  projectDir: string;
  csvFile: string;
  pdfFile: string;
  /** plain L1 against p-annealing at matched L0 (reports/demo-matched-l0.csv) */
  matchedCsvFile: string;
  matched: MatchedL0;
  datasetId: string;
  runIds: string[];
  records: RunRecord[];
  model: Omit<DemoModel, 'model'> & { d: number; layers: number };
  /** wall seconds per stage */
  seconds: Record<DemoStage, number>;
}

/** The report's id and file stem: reports/demo.* for Othello, reports/demo-chess.* for chess. */
export const demoReportId = (game: BoardGame): string => (game === 'othello' ? 'demo' : `demo-${game}`);
export const matchedL0File = (game: BoardGame): string => `${demoReportId(game)}-matched-l0.csv`;
export const GAMES_FILE = 'games.txt';
const GAME_TITLE: Record<BoardGame, string> = { othello: 'Othello', chess: 'Chess' };

export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const size = opts.size ?? 'small';
  const plan = DEMO_PLANS[size];
  if (!plan) throw new StudioError('bad-input', `size must be tiny or small, got '${size}'`, 'size');
  const seed = opts.seed ?? 1;
  const game = opts.game ?? 'othello';
  const threads = opts.threads ?? os.availableParallelism();
  const seconds = {} as Record<DemoStage, number>;
  const stage = (name: DemoStage, total: number, unit: string, title?: string) => new StageReporter(name, opts.onStage, total, unit, title);

  let st = stage('project', 1, 'steps');
  const project = await openOrCreate(opts.projectDir, `Feature Studio ${opts.game === 'chess' ? 'chess' : 'Othello'} benchmark demo`);
  try {
    seconds.project = st.finish(project.dir);

    st = stage('games', plan.games, 'games', `${GAME_TITLE[game]} games`);
    const positions = await demoPositions(game, plan, seed);
    st.update(positions.count, positions.count);
    seconds.games = st.finish(`${formatCount(positions.count)} games`);

    st = stage('model', plan.modelSteps, 'steps');
    const dm = await demoModel(project, plan, st, { game, threads, modelDir: opts.modelDir, layer: opts.layer, signal: opts.signal });
    seconds.model = st.finish(`${dm.origin} model, layer ${dm.layer}`);

    st = stage('extract', 1, 'rows');
    const extract = async (model: TranscriptModel, what: string, half: 0 | 1) => {
      const name = `${GAME_TITLE[game]} resid_post layer ${dm.layer}${what ? `, ${what}` : ''} (demo, seed ${seed})`;
      const base = `${game} resid layer ${dm.layer}${what ? ` ${what}` : ''}`;
      await replacePreviousDemoDataset(project, name);
      const id = newEntryId(base, new Set(project.manifest.datasets.map((d) => d.id)));
      const dir = path.join(project.dir, 'datasets', id);
      const meta = await positions.extract({
        model, layer: dm.layer, datasetDir: dir, id, name,
        trainFraction: plan.trainFraction, threads, signal: opts.signal, onProgress: (rows, total) => st.update(half * total + rows, 2 * total),
      });
      // The games beside their activations, one game's moves a line, so the dataset can be rebuilt.
      await writeFileAtomic(path.join(dir, GAMES_FILE), positions.text());
      await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
      return { id, dir, meta };
    };
    const main = await extract(dm.model, '', 0);
    // The paper's control: the same architecture with its initial (untrained) weights.
    const control = await extract(TranscriptModel.init(dm.model.config), 'random-weights model', 1);
    const { id: datasetId, dir: datasetDir, meta } = main;
    seconds.extract = st.finish(`${formatCount(meta.rows)} rows × ${meta.dims} dims, twice (trained and random-weights model)`);

    const sweepSize = demoSweep(plan, 1, meta.dims).length;
    st = stage('train', plan.steps * (sweepSize + 1), 'SAE steps');
    const trainOn = async (dataset: { id: string; dir: string }, done: number, pick?: (sweep: SweepEntry[]) => SweepEntry[]) => {
      const store = await ActivationStore.open(dataset.dir);
      try {
        return await trainSweep(project, store, dataset.id, plan, { seed, threads, signal: opts.signal, pick, progress: (n) => st.update(done + n) });
      } finally {
        await store.close();
      }
    };
    const runs = await trainOn(main, 0);
    const [controlRun] = await trainOn(control, plan.steps * sweepSize, controlSweep);
    seconds.train = st.finish(`${runs.length} SAEs, and one on the random-weights model`);

    st = stage('evaluate', runs.length + 3, 'runs');
    const heldOut = await loadHeldOut(datasetDir, meta, positions.headline);
    const width = plan.widthFactor * meta.dims;
    const trainSample = await readTrainSample(datasetDir, seed);
    const records = await evaluateAll(datasetId, heldOut, runs, [
      { run: 'random', arch: 'random', width, map: saeFeatures(await randomDictionary(trainSample, meta.dims, width, seed)), config: { scale: 'least squares on a train sample' } },
      { run: 'neurons', arch: 'neurons', width: meta.dims, map: neuronBasis(meta.dims), config: { basis: `resid_post layer ${dm.layer}` } },
      {
        run: 'random-weights model', arch: controlRun.entry.arch, width, map: saeFeatures(controlRun.sae), config: { sae: controlRun.entry.name, ...controlRun.entry.archConfig },
        heldOut: await loadHeldOut(control.dir, control.meta, positions.headline), trained: { run: controlRun, datasetId: control.id },
      },
    ], positions.headline, st, opts.signal, { datasetDir, model: dm.model, threads, ...benchmarkSizes(plan) });
    seconds.evaluate = st.finish(`${records.length} rows`);

    st = stage('report', 3, 'files');
    const reportsDir = path.join(project.dir, 'reports');
    const reportId = demoReportId(game);
    const csvFile = path.join(reportsDir, `${reportId}.csv`);
    const pdfFile = path.join(reportsDir, `${reportId}.pdf`);
    const matchedCsvFile = path.join(reportsDir, matchedL0File(game));
    await writeReportCsv(csvFile, records);
    st.update(1);
    const matched = matchedL0(matchedL0Runs(records), MATCHED_ARCHS);
    await writeFileAtomic(matchedCsvFile, csvTable(matchedL0Columns(matched), matched.rows));
    st.update(2);
    const report = demoReport({ project, size, seed, dm, positions, meta, plan, runs, records, seconds });
    await writeReportPdf(pdfFile, report);
    await listReport(project, { id: reportId, name: report.title, createdAt: report.createdAt });
    seconds.report = st.finish(path.relative(project.dir, pdfFile));

    return {
      projectDir: project.dir,
      csvFile,
      pdfFile,
      matchedCsvFile,
      matched,
      datasetId,
      runIds: runs.map((r) => r.id),
      records,
      model: { origin: dm.origin, layer: dm.layer, legalMoveAccuracy: dm.legalMoveAccuracy, d: dm.model.config.gpt.d, layers: dm.model.config.gpt.layers },
      seconds,
    };
  } finally {
    await project.close();
  }
}

/**
 * The demo project: created when absent or empty, else opened (never a read-only one). `name`
 * tells the demos apart in the studio's recent list.
 */
export async function openOrCreate(dir: string, name: string): Promise<Project> {
  const exists = await fs.access(path.join(dir, MANIFEST_FILE)).then(() => true, () => false);
  const project = exists ? await Project.open(dir) : await Project.create(dir, name);
  if (project.readOnly) {
    await project.close();
    throw new StudioError('locked', `the project is read-only here: ${project.readOnlyReason}`, project.dir);
  }
  return project;
}

/** Rows of the train split for the random baseline's one fitted scale. */
export async function readTrainSample(datasetDir: string, seed: number): Promise<Float32Array> {
  const store = await ActivationStore.open(datasetDir);
  try {
    return await store.sample(Math.min(8192, store.splitRange('train')[1]), { split: 'train', seed });
  } finally {
    await store.close();
  }
}

function demoReport(r: {
  project: Project; size: DemoSize; seed: number; dm: DemoModel; positions: DemoPositions; meta: { rows: number; dims: number; split: { trainRows: number } };
  plan: (typeof DEMO_PLANS)[DemoSize]; runs: TrainedRun[]; records: RunRecord[]; seconds: Partial<Record<DemoStage, number>>;
}): Report {
  const { dm, meta, plan } = r;
  const gpt = dm.model.config.gpt;
  const legal = r.positions.game === 'othello' ? 'legal top-1 moves' : 'legal moves at move starts';
  const acc = dm.legalMoveAccuracy === null ? 'not measured' : `${(100 * dm.legalMoveAccuracy).toFixed(1)}% ${legal}`;
  return {
    title: `${GAME_TITLE[r.positions.game]} SAE benchmark — demo`,
    createdAt: new Date().toISOString(),
    family: r.positions.headline,
    sections: ['summary', 'pareto', 'coverage', 'matchedL0', 'benchmark', 'runTable'],
    records: r.records,
    summary: [
      { label: 'Project', value: r.project.dir },
      { label: 'Size', value: `${r.size} (seed ${r.seed})` },
      { label: 'Games', value: r.positions.description },
      { label: 'Model', value: `${dm.origin === 'shipped' ? 'shipped' : 'trained here'}: d ${gpt.d}, ${gpt.layers} layers, ${gpt.heads} heads; ${acc}` },
      { label: 'Activations', value: `resid_post of layer ${dm.layer}: ${formatCount(meta.rows)} positions × ${meta.dims} dims; SAEs train on ${formatCount(meta.split.trainRows)}, the rest is held out` },
      { label: 'Sweep', value: `${r.runs.length} SAEs of width ${plan.widthFactor * meta.dims}, ${formatCount(plan.steps)} steps of ${plan.batchSize} rows; one more (the middle ReLU-L1 setting) on the same positions of the random-weights model, the paper's control` },
      ...coverageFacts(r.records),
      { label: 'Time', value: Object.entries(r.seconds).map(([s, t]) => `${s} ${formatDuration(t!)}`).join(', ') },
    ],
  };
}

/**
 * Which coverage is which (docs/benchmark.md "Which coverage is which"): the paper's value beside the
 * level a feature that always fires reaches, and the chance-corrected variant, for the best SAE
 * and each baseline.
 */
function coverageFacts(records: readonly RunRecord[]): { label: string; value: string }[] {
  const saes = records.filter((r) => r.kind === 'sae');
  if (saes.length === 0) return [];
  const baselines = records.filter((r) => r.kind === 'baseline');
  const best = (key: string) => saes.reduce((a, b) => ((b[key] as number) > (a[key] as number) ? b : a));
  const line = (key: string) => [best(key), ...baselines].map((r) => `${r.kind === 'sae' ? 'best SAE ' : ''}${String(r.run)} ${(r[key] as number).toFixed(3)}`).join(', ');
  return [
    { label: 'Coverage (paper)', value: `${line('coverage')}; a single feature that always fires scores ${(records[0].coverageAlwaysOn as number).toFixed(3)}` },
    { label: 'Coverage above chance', value: `${line('coverageAboveChance')} (each cell's best F1 against "always on": 0 = no better, 1 = perfect)` },
  ];
}
