import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { writeJsonAtomic } from '../../io/atomic';
import { MANIFEST_FILE } from '../../project/layout';
import { Project } from '../../project/project';
import { metricMap, type ResultRecord } from '../common/results';
import { crossValidateGated, METRICS, type CvOptions, type Scored } from './evaluate';
import { GatedModel } from './gated';
import { SEED_FEATURES } from './genetics';
import { context, evaluateFeature, parseFeature } from './language';
import { congestionDir, loadLayouts, type Layout } from './layouts';
import { runSearch, type SearchOptions, type SearchResult } from './search';

/**
 * The congestion workspace's steps on a project folder, each reading the previous step's file:
 * layouts.json (import) → search.json (feature pool) → model.json + metrics.json (train) → deck.
 */
export const searchFile = (projectDir: string) => path.join(congestionDir(projectDir), 'search.json');
export const modelFile = (projectDir: string) => path.join(congestionDir(projectDir), 'model.json');
export const metricsFile = (projectDir: string) => path.join(congestionDir(projectDir), 'metrics.json');

/** Opens the project (creating it when the folder is absent or empty) and holds its lock for the length of `fn`. */
export async function withProject<T>(dir: string | undefined, fn: (dir: string, project: Project) => Promise<T>): Promise<T> {
  if (!dir) throw new StudioError('bad-input', '--project DIR is required', '--project');
  const abs = path.resolve(dir);
  const exists = await fs.stat(path.join(abs, MANIFEST_FILE)).then(
    () => true,
    () => false,
  );
  const project = exists ? await Project.open(abs) : await Project.create(abs, path.basename(abs));
  try {
    project.assertWritable();
    return await fn(abs, project);
  } finally {
    await project.close();
  }
}

/** Runs the search on the project's layouts; writes search.json under `outDir` (a job's work folder, or the project). */
export async function searchProject(projectDir: string, options: SearchOptions = {}, outDir = projectDir): Promise<SearchResult> {
  const layouts = await loadLayouts(projectDir);
  const result = await runSearch(layouts, options);
  await writeJsonAtomic(searchFile(outDir), result);
  return result;
}

export async function readSearch(projectDir: string): Promise<SearchResult | null> {
  const text = await fs.readFile(searchFile(projectDir), 'utf8').catch(() => null);
  return text ? (JSON.parse(text) as SearchResult) : null;
}

/** Feature values [n, K] of the layouts. */
export function featureMatrix(layouts: readonly Layout[], definitions: readonly string[]): Float64Array {
  const nodes = definitions.map((d, k) => parseFeature(d, `feature ${k + 1}`));
  const x = new Float64Array(layouts.length * nodes.length);
  layouts.forEach((l, i) => {
    const ctx = context(l.maps);
    nodes.forEach((n, k) => (x[i * nodes.length + k] = evaluateFeature(n, ctx, l.id)));
  });
  return x;
}

/** `metrics.json`: everything the train step measured. */
export interface TrainMetrics {
  records: ResultRecord[];
  scored: { designs: string[]; labels: number[]; layouts: string[]; scores: Record<string, number[]> };
  features: string[];
  featureSource: 'search' | 'seed pool';
  seconds: number;
}

/** The `--json` shape of `congestion train` and the demo (issue 23 "For automation"). */
export interface TrainSummary {
  test: Record<string, number | null>;
  baselines: { rudySum: Record<string, number | null>; ridge: Record<string, number | null>; topTileMean: Record<string, number | null> };
  seconds: number;
  pooledMaps?: Record<string, number | null>;
}

export function summarise(m: TrainMetrics): TrainSummary {
  const pick = (model: string) => Object.fromEntries(METRICS.map((k) => [k, metricMap(m.records, model, 'test')[k] ?? null]));
  const out: TrainSummary = { test: pick('gated'), baselines: { rudySum: pick('rudySum'), ridge: pick('ridge'), topTileMean: pick('topTileMean') }, seconds: m.seconds };
  if (m.records.some((r) => r.model === 'gatedPooledMaps')) out.pooledMaps = pick('gatedPooledMaps');
  return out;
}

/** Trains and scores on held-out designs; writes model.json and metrics.json under `outDir`. */
export async function trainProject(projectDir: string, options: CvOptions = {}, outDir = projectDir): Promise<{ metrics: TrainMetrics; model: GatedModel }> {
  const t0 = performance.now();
  const layouts = await loadLayouts(projectDir);
  if (new Set(layouts.map((l) => l.design)).size < 2) throw new StudioError('bad-input', 'training needs layouts of at least 2 designs (it is scored on held-out designs)', 'layouts');
  const search = await readSearch(projectDir);
  const features = search ? search.pool.map((f) => f.definition) : [...SEED_FEATURES];
  const x = featureMatrix(layouts, features);
  const cv = await crossValidateGated(layouts, x, features, options);
  const metrics: TrainMetrics = {
    records: cv.records,
    scored: toJson(cv.scored, layouts),
    features,
    featureSource: search ? 'search' : 'seed pool',
    seconds: (performance.now() - t0) / 1000,
  };
  await writeJsonAtomic(modelFile(outDir), cv.final);
  await writeJsonAtomic(metricsFile(outDir), metrics);
  return { metrics, model: cv.final };
}

const toJson = (s: Scored, layouts: readonly Layout[]) => ({
  designs: s.designs,
  labels: Array.from(s.labels),
  layouts: layouts.map((l) => l.id),
  scores: Object.fromEntries(Object.entries(s.scores).map(([k, v]) => [k, Array.from(v)])),
});

/** Moves files a job wrote under `workDir/congestion/` into the project's (one rename each). */
export async function commitCongestionFiles(workDir: string, projectDir: string, names: readonly string[]): Promise<void> {
  await fs.mkdir(congestionDir(projectDir), { recursive: true });
  for (const name of names) await fs.rename(path.join(congestionDir(workDir), name), path.join(congestionDir(projectDir), name));
}

async function readJson<T>(file: string, what: string, parse: (v: unknown) => T): Promise<T> {
  const text = await fs.readFile(file, 'utf8').catch(() => {
    throw new StudioError('not-found', `no ${what} yet: run \`feature-studio congestion train --project P\``, file);
  });
  return parse(JSON.parse(text));
}

export const readModel = (projectDir: string) => readJson(modelFile(projectDir), 'trained model', (v) => GatedModel.parse(v));
export const readMetrics = (projectDir: string) => readJson(metricsFile(projectDir), 'metrics', (v) => v as TrainMetrics);
