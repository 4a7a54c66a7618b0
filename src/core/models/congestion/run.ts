import path from 'node:path';
import { appRoot } from '../../io/appRoot';
import { buildDeck } from './deck';
import { saveDeck } from './deck-store';
import { importLayouts, loadLayouts } from './layouts';
import { listCongestionReport, writeCongestionReport } from './report';
import type { Project } from '../../project/project';
import { searchProject, summarise, trainProject, withProject, type TrainSummary } from './workspace';

/** The shipped sample (resources/README.md): 25 CircuitNet ISPD2015 layouts pooled to 64×64, BSD 3-Clause. */
export const SAMPLE_DIR = path.join(appRoot(), 'resources', 'congestion', 'ispd2015-64');

export type CongestionSize = 'tiny' | 'small';

/** What each size runs: tiny is CI's smoke run, small the documented one. */
export const CONGESTION_SIZES: Record<CongestionSize, { generations: number; trees: number; steps: number; pooled: boolean }> = {
  tiny: { generations: 3, trees: 40, steps: 150, pooled: false },
  small: { generations: 12, trees: 200, steps: 400, pooled: true },
};

export interface StageEvent {
  stage: string;
  index: number;
  stages: number;
  title: string;
  progress: { step: number; total: number; etaSeconds: number | null; rate: number | null; unit: string; metrics: Record<string, number> };
  done: boolean;
}

export interface CongestionDemoResult extends TrainSummary {
  projectDir: string;
  layouts: number;
  searchCurve: number[];
  deckFile: string;
  reportFile: string;
  deckLayout: string;
}

/** Progress with a linear ETA from the stage's start. */
function progress(started: number, step: number, total: number, unit: string, metrics: Record<string, number> = {}) {
  const elapsed = (performance.now() - started) / 1000;
  const rate = step > 0 && elapsed > 0 ? step / elapsed : null;
  return { step, total, etaSeconds: rate ? (total - step) / rate : null, rate, unit, metrics };
}

/** import → search → train (held-out designs, baselines) → deck of the most congested layout → report. */
export function runCongestionDemo(options: DemoOptions): Promise<CongestionDemoResult> {
  return withProject(options.projectDir, (projectDir, project) => runInProject({ ...options, projectDir }, project));
}

interface DemoOptions {
  projectDir: string;
  size: CongestionSize;
  seed: number;
  onStage?: (e: StageEvent) => void;
  signal?: AbortSignal;
  sampleDir?: string;
}

async function runInProject(options: DemoOptions, project: Project): Promise<CongestionDemoResult> {
  const cfg = CONGESTION_SIZES[options.size];
  const emit = (index: number, stage: string, title: string, p: StageEvent['progress'], done = false) => options.onStage?.({ stage, index, stages: 4, title, progress: p, done });
  let t = performance.now();
  const set = await importLayouts(options.sampleDir ?? SAMPLE_DIR, options.projectDir, (done, total) => emit(1, 'import', 'Import layouts', progress(t, done, total, 'layouts'), done === total));
  t = performance.now();
  const search = await searchProject(options.projectDir, {
    generations: cfg.generations,
    seed: options.seed,
    forest: { trees: cfg.trees },
    signal: options.signal,
    onGeneration: (g, done, total) => emit(2, 'search', 'Genetic feature search', progress(t, done, total, 'generations', { poolScore: g.poolScore }), done === total),
  });
  t = performance.now();
  const folds = new Set(set.layouts.map((l) => l.design)).size + 1;
  const { metrics, model } = await trainProject(options.projectDir, {
    steps: cfg.steps,
    pooled: cfg.pooled,
    seed: options.seed,
    onFold: (f) => emit(3, 'train', 'Preference model (held-out designs)', progress(t, f, folds, 'folds')),
  });
  emit(3, 'train', 'Preference model (held-out designs)', progress(t, folds, folds, 'folds'), true);
  t = performance.now();
  const layouts = await loadLayouts(options.projectDir);
  const worst = layouts.reduce((a, b) => (b.label > a.label ? b : a));
  const { file: deckFile } = await saveDeck(project, buildDeck(model, layouts, worst.id));
  const reportFile = await writeCongestionReport(options.projectDir, { search, metrics, rudy: null });
  await listCongestionReport(project);
  emit(4, 'deck', 'Suggestion deck and report', progress(t, 1, 1, 'files'), true);
  return {
    ...summarise(metrics),
    projectDir: options.projectDir,
    layouts: layouts.length,
    searchCurve: search.history.map((h) => h.poolScore),
    deckFile,
    reportFile,
    deckLayout: worst.id,
  };
}
