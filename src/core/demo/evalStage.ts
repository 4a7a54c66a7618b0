/**
 * The evaluation stage: the held-out rows and their board labels read back from the dataset,
 * then every SAE and both baselines measured on them. Each run's core metrics go to its
 * eval.json in the app's format (RunEval), the board metrics beside it in eval-board.json.
 */
import path from 'node:path';
import type { RunRecord } from '../../shared/charts/runTable';
import type { DatasetMeta } from '../../shared/schemas/dataset';
import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { splitPositionsByGame } from '../evals/board/evaluate';
import { familyCells } from '../games/family';
import { readOthelloLabels } from '../games/lm/extract';
import { writeJsonAtomic } from '../io/atomic';
import { type BenchmarkMetrics, type BenchmarkOptions, benchmarkMetrics } from '../sae/run/benchmarkMetrics';
import { benchmarkFields } from '../sae/run/evaluate';
import { writeRunEval, writeRunInfo } from '../sae/run/folder';
import { saeFeatures } from './baselines';
import { type Evaluation, type FeatureMap, type HeldOut, evaluateFeatures } from './evaluate';
import type { StageReporter } from './progress';
import { benchmarkRecord, evaluationRecord } from './records';
import type { TrainedRun } from './trainStage';

export interface Baseline {
  run: string;
  arch: string;
  width: number;
  map: FeatureMap;
  config: Record<string, unknown>;
  /** its own activations of the same positions (a control model's), else the SAEs' held-out rows */
  heldOut?: HeldOut;
  /** the run folder the baseline was trained into, which gets its evaluation like any run */
  trained?: { run: TrainedRun; datasetId: string };
}

/**
 * The validation rows (whole later games, apart from the one the split cuts) with the
 * headline family; the board metrics label features on the first half of these games and
 * reconstruct boards on the second half (the paper's 1000 + 1000 games, scaled down).
 */
export async function loadHeldOut(datasetDir: string, meta: DatasetMeta, family: string): Promise<HeldOut> {
  const store = await ActivationStore.open(datasetDir);
  const [lo, hi] = store.splitRange('validation');
  let x: Float32Array;
  try {
    x = await store.readRows(lo, hi - lo);
  } finally {
    await store.close();
  }
  const labels = await readOthelloLabels(datasetDir);
  const fam = labels.families.find((f) => f.name === family);
  if (!fam) throw new StudioError('not-found', `the dataset has no '${family}' labels`, datasetDir);
  const cells = familyCells(fam);
  const game = labels.game.subarray(lo, hi);
  const first = game[0];
  const gamesHeld = game[game.length - 1] - first + 1;
  if (gamesHeld < 2) throw new StudioError('bad-input', `the held-out rows span ${gamesHeld} game; the board metrics need two or more`, `${datasetDir}: split`);
  const { train, test } = splitPositionsByGame(game.map((g) => g - first), Math.ceil(gamesHeld / 2));
  return { x, d: meta.dims, rows: hi - lo, families: [{ ...fam, data: fam.data.subarray(lo * cells, hi * cells) }], train, test };
}

export const BOARD_EVAL_FILE = 'eval-board.json';

/** One evaluation per map: its compiled session lives for the whole held-out set, then goes. */
async function evaluateDisposing(map: FeatureMap, heldOut: HeldOut, headline: string): Promise<Evaluation> {
  try {
    return await evaluateFeatures(map, heldOut, headline);
  } finally {
    await map.dispose();
  }
}

/** Where the SAEs' benchmark metrics (spliced CE/KL, sparse probing, absorption) are measured: the dataset they trained on. */
export interface BenchmarkPlan extends BenchmarkOptions {
  datasetDir: string;
}

export async function evaluateAll(datasetId: string, heldOut: HeldOut, runs: readonly TrainedRun[], baselines: readonly Baseline[], headline: string, stage: StageReporter, signal?: AbortSignal, bench?: BenchmarkPlan): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  const total = runs.length + baselines.length;
  const check = () => {
    if (signal?.aborted) throw new StudioError('cancelled', 'evaluation was cancelled', `run ${records.length + 1} of ${total}`);
  };
  const store = bench && (await ActivationStore.open(bench.datasetDir));
  try {
    for (const r of runs) {
      check();
      const e = await evaluateDisposing(saeFeatures(r.sae), heldOut, headline);
      const b = store ? await benchmarkMetrics(r.sae, store, bench) : undefined;
      await saveEvaluation(r, datasetId, e, b);
      records.push({ ...evaluationRecord({ run: r.entry.name, kind: 'sae', arch: r.entry.arch, width: r.config.width, runId: r.id, whitening: r.config.whitening?.kind ?? 'none', config: JSON.stringify(r.entry.archConfig) }, e), ...(b ? benchmarkRecord(b) : {}) });
      stage.update(records.length, total);
    }
  } finally {
    await store?.close();
  }
  for (const b of baselines) {
    check();
    const e = await evaluateDisposing(b.map, b.heldOut ?? heldOut, headline);
    if (b.trained) await saveEvaluation(b.trained.run, b.trained.datasetId, e);
    records.push(evaluationRecord({ run: b.run, kind: 'baseline', arch: b.arch, width: b.width, runId: b.trained?.run.id ?? null, whitening: 'none', config: JSON.stringify(b.config) }, e));
    stage.update(records.length, total);
  }
  return records;
}

/** A run's evaluation in the app's files: eval.json (core metrics), eval-board.json, and `evaluated` in its info. */
async function saveEvaluation(r: TrainedRun, datasetId: string, e: Evaluation, b?: BenchmarkMetrics): Promise<void> {
  await writeRunEval(r.dir, { ...e.core, datasetId, evaluatedAt: new Date().toISOString(), mmcs: null, ...(b ? benchmarkFields(b) : {}) });
  await writeJsonAtomic(path.join(r.dir, BOARD_EVAL_FILE), { board: e.board, headline: e.headline });
  await writeRunInfo(r.dir, { ...r.info, evaluated: true });
}
