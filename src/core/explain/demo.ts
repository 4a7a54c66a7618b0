/**
 * `feature-studio demo explain`: explains the top features of an Othello SAE and of a text SAE
 * made from the shipped models (issue 19, "For automation"). Each part: activations of the
 * shipped model → one TopK SAE (the board demo's TopK setting) → explainRun on its most frequent
 * features, tests and scores included. Prints the explain JSON per domain.
 */
import os from 'node:os';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { openOrCreate } from '../demo/run';
import type { DemoPlan, DemoSize } from '../demo/sizes';
import { trainSweep } from '../demo/trainStage';
import { generateGames } from '../games/othello';
import { extractOthelloActivations } from '../games/lm/extract';
import { bestProbeLayer, loadModelDir, OTHELLO_MODEL_DIR, TEXT_MODEL_DIR } from '../games/lm/shipped';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { extractTextActivations } from '../text/lm/extract';
import { readTextSample } from '../text/lm/sample';
import { explainRun, type ExplainSummary } from './run';

interface ExplainDemoPlan {
  games: number;
  docs: number;
  maxBytes: number;
  steps: number;
  features: number;
}

export const EXPLAIN_DEMO_PLANS: Record<DemoSize, ExplainDemoPlan> = {
  tiny: { games: 100, docs: 24, maxBytes: 256, steps: 300, features: 6 },
  small: { games: 400, docs: 120, maxBytes: 1024, steps: 1500, features: 50 },
};

export interface ExplainDemoOptions {
  projectDir: string;
  size?: DemoSize;
  seed?: number;
  threads?: number;
  /** which domains (default both) */
  domains?: ('othello' | 'text')[];
  onProgress?(stage: string, done: number, total: number): void;
  signal?: AbortSignal;
}

export interface ExplainDemoResult {
  projectDir: string;
  othello?: ExplainSummary;
  text?: ExplainSummary;
  seconds: number;
}

export async function runExplainDemo(opts: ExplainDemoOptions): Promise<ExplainDemoResult> {
  const t0 = performance.now();
  const size = opts.size ?? 'small';
  const plan = EXPLAIN_DEMO_PLANS[size];
  if (!plan) throw new StudioError('bad-input', `size must be tiny or small, got '${size}'`, 'size');
  const seed = opts.seed ?? 1;
  const threads = opts.threads ?? os.availableParallelism();
  const domains = opts.domains ?? ['othello', 'text'];
  const project = await openOrCreate(opts.projectDir, 'Feature Studio explain demo');
  const result: ExplainDemoResult = { projectDir: project.dir, seconds: 0 };
  try {
    for (const domain of domains) {
      const { datasetId, runId } = domain === 'othello' ? await othelloRun(project, plan, seed, threads, opts) : await textRun(project, plan, seed, threads, opts);
      result[domain] = await explainRun({
        projectDir: project.dir, runId, datasetId, top: plan.features, seed, threads, signal: opts.signal,
        onProgress: (done, total) => opts.onProgress?.(`explain ${domain}`, done, total),
      });
    }
  } finally {
    await project.close();
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

/** One TopK SAE (k = d/8, width 4·d) trained on a dataset, the board demo's setting. */
async function trainTopK(project: Project, datasetDir: string, datasetId: string, plan: ExplainDemoPlan, seed: number, threads: number, opts: ExplainDemoOptions, stage: string): Promise<string> {
  const store = await ActivationStore.open(datasetDir);
  try {
    const sweepPlan: DemoPlan = { games: plan.games, trainFraction: 0.8, widthFactor: 4, steps: plan.steps, batchSize: 256, comparedLevels: 2, modelSteps: 0, modelBatch: 0 };
    const [run] = await trainSweep(project, store, datasetId, sweepPlan, {
      seed, threads, signal: opts.signal, pick: (s) => s.filter((e) => e.arch === 'topk' && !e.whitening).slice(0, 1), progress: (n) => opts.onProgress?.(stage, n, plan.steps),
    });
    return run.id;
  } finally {
    await store.close();
  }
}

async function othelloRun(project: Project, plan: ExplainDemoPlan, seed: number, threads: number, opts: ExplainDemoOptions) {
  const { model, info } = await loadModelDir(OTHELLO_MODEL_DIR);
  const layer = bestProbeLayer(model, info.metrics);
  const datasetId = newEntryId(`othello explain layer ${layer}`, new Set(project.manifest.datasets.map((d) => d.id)));
  const dir = path.join(project.dir, 'datasets', datasetId);
  const meta = await extractOthelloActivations({
    model, games: generateGames(plan.games, seed), layer, datasetDir: dir, id: datasetId, name: `Othello resid_post layer ${layer} (explain demo)`,
    trainFraction: 0.8, threads, signal: opts.signal, onProgress: (n, total) => opts.onProgress?.('othello activations', n, total),
  });
  await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
  return { datasetId, runId: await trainTopK(project, dir, datasetId, plan, seed, threads, opts, 'othello SAE') };
}

async function textRun(project: Project, plan: ExplainDemoPlan, seed: number, threads: number, opts: ExplainDemoOptions) {
  const { model } = await loadModelDir(TEXT_MODEL_DIR);
  const layer = Math.floor(model.config.gpt.layers / 2);
  const texts = (await readTextSample()).slice(0, plan.docs).map((d) => d.text);
  const datasetId = newEntryId(`text explain layer ${layer}`, new Set(project.manifest.datasets.map((d) => d.id)));
  const dir = path.join(project.dir, 'datasets', datasetId);
  const meta = await extractTextActivations({
    model, texts, layer, pooling: 'token', maxBytes: plan.maxBytes, datasetDir: dir, id: datasetId, name: `Text resid_post layer ${layer} (explain demo)`,
    trainFraction: 0.8, threads, signal: opts.signal, onProgress: (n, total) => opts.onProgress?.('text activations', n, total),
  });
  await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
  return { datasetId, runId: await trainTopK(project, dir, datasetId, plan, seed, threads, opts, 'text SAE') };
}
