import { StudioError, type StudioErrorCode } from '../../shared/errors';
import type { BoardScores, FeatureTable } from '../../shared/schemas/features';
import { ActivationStore } from '../data/store';
import { readDatasetTokens } from '../data/tokens';
import { FeatureExplorer } from '../explorer';
import { type ExplorerCacheKey, explorerCacheFile, readExplorerCache } from '../explorer/cache';
import { importExplanations, readExplanations } from '../explorer/explanations';
import { explorerCacheKey, readExplorerLabels } from '../explorer/sources';
import type { Project } from '../project/project';
import { datasetDir } from '../project/layout';
import { projectScratchDir, scratchRunDir } from '../project/scratch';
import { loadSaeFolder } from '../sae/checkpoint/load';
import { readRunInfo, runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';
import { requireListed } from '../project/listed';

type FeatureMethods = 'listFeatures' | 'getFeature' | 'getBoardScores' | 'importExplanations';

/** Explorers kept loaded: the list and each feature page of one run read the same one. */
const KEEP = 2;

export interface Scope {
  projectDir: string;
  runId: string;
  datasetId?: string;
  maxRows: number;
}

/** A run's explorer read back from its cache, with what the screens show beside it. */
export interface LoadedExplorer {
  explorer: FeatureExplorer;
  key: ExplorerCacheKey;
  hasBoards: boolean;
  hasTokens: boolean;
  boardScores: BoardScores;
}

export type ExplorerState = { status: 'ready'; loaded: LoadedExplorer } | { status: 'computing'; jobId: string };

/**
 * The explorer's statistics are computed by a `feature-stats` job and cached in the run folder
 * (explorer/cache.ts), so the server's thread only reads files and waits: `state` answers with
 * the loaded explorer, or starts (or joins) the job that computes it; `ready` waits for that job.
 */
export function explorerStates(ctx: StudioContext) {
  const loaded = new Map<string, Promise<LoadedExplorer | null>>();
  const computing = new Map<string, string>();

  async function keyOf(scope: Scope): Promise<{ project: Project; key: ExplorerCacheKey }> {
    const project = await openedProject(ctx, scope.projectDir);
    requireListed(project.manifest, 'runs', scope.runId, 'runId');
    const datasetId = scope.datasetId ?? (await runDataset(project, scope.runId));
    requireListed(project.manifest, 'datasets', datasetId, 'datasetId');
    return { project, key: await explorerCacheKey(project.dir, scope.runId, datasetId, scope.maxRows) };
  }

  function load(project: Project, key: ExplorerCacheKey): Promise<LoadedExplorer | null> {
    const id = JSON.stringify([project.dir, key]);
    let entry = loaded.get(id);
    if (!entry) {
      entry = loadExplorer(project, key, ctx.home);
      loaded.set(id, entry);
      // a missing cache is looked for again next time; a failed load too
      void entry.then((e) => e ?? loaded.delete(id), () => loaded.delete(id));
      while (loaded.size > KEEP) loaded.delete(loaded.keys().next().value!);
    }
    return entry;
  }

  async function startOrJoin(project: Project, key: ExplorerCacheKey): Promise<string> {
    const id = JSON.stringify([project.dir, key]);
    const running = computing.get(id);
    if (running && ctx.jobs.get(running).state === 'running') return running;
    await checkWidths(project, key);
    const job = await ctx.jobs.start(project, 'feature-stats', { runId: key.runId, datasetId: key.datasetId, maxRows: key.maxRows });
    computing.set(id, job.id);
    return job.id;
  }

  async function state(scope: Scope): Promise<ExplorerState> {
    const { project, key } = await keyOf(scope);
    const hit = await load(project, key);
    return hit ? { status: 'ready', loaded: hit } : { status: 'computing', jobId: await startOrJoin(project, key) };
  }

  /** The explorer, waiting for its job when the cache is missing; the job's error when it failed. */
  async function ready(scope: Scope): Promise<LoadedExplorer> {
    const first = await state(scope);
    if (first.status === 'ready') return first.loaded;
    const end = await ctx.jobs.whenEnded(first.jobId);
    if (end.state !== 'done') {
      const e = end.error;
      throw e ? new StudioError(e.code as StudioErrorCode, e.message, e.where) : new StudioError('cancelled', 'computing the feature statistics was cancelled', first.jobId);
    }
    const again = await state(scope);
    if (again.status === 'ready') return again.loaded;
    throw new StudioError('conflict', 'the checkpoint changed while its feature statistics were computed; they are being computed again', scope.runId);
  }

  return { state, ready };
}

export function featureHandlers(ctx: StudioContext): HandlerGroup<FeatureMethods> {
  const explorers = explorerStates(ctx);
  return {
    async listFeatures(scope) {
      const s = await explorers.state(scope);
      if (s.status === 'computing') return s;
      const project = await openedProject(ctx, scope.projectDir);
      return { status: 'ready', table: featureTable(s.loaded, await readExplanations(runDir(project.dir, scope.runId))) };
    },
    async getFeature({ feature, examples, ...scope }) {
      const { explorer } = await explorers.ready(scope);
      const page = explorer.feature(feature, { examples });
      const project = await openedProject(ctx, scope.projectDir);
      const e = (await readExplanations(runDir(project.dir, scope.runId))).get(feature);
      return { ...page, explanation: e ? { text: e.text, score: e.score, method: e.method, ...(e.scores ? { scores: e.scores } : {}) } : null };
    },
    async getBoardScores(scope) {
      return (await explorers.ready(scope)).boardScores;
    },
    async importExplanations({ projectDir, runId, path: input, method }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      requireListed(project.manifest, 'runs', runId, 'runId');
      const file = await resolveClientPath(ctx, input, 'path');
      const folder = runDir(project.dir, runId);
      return importExplanations(folder, file, (await readRunInfo(folder)).dSae, method);
    },
  };
}

function featureTable(loaded: LoadedExplorer, explanations: Awaited<ReturnType<typeof readExplanations>>): FeatureTable {
  const { explorer, key, hasBoards, hasTokens } = loaded;
  const n = explorer.features;
  return {
    runId: key.runId,
    datasetId: key.datasetId,
    rows: explorer.rows,
    features: n,
    hasBoards,
    hasTokens,
    frequency: Array.from(explorer.stats.frequency),
    maxActivation: Array.from(explorer.stats.maxActivation),
    meanActivation: Array.from(explorer.stats.meanActivation),
    bestF1: Array.from(explorer.bestF1()),
    bestProperty: Array.from({ length: n }, (_, i) => explorer.bestLabel(i)),
    explanation: Array.from({ length: n }, (_, i) => explanations.get(i)?.text ?? null),
    explanationScore: Array.from({ length: n }, (_, i) => explanations.get(i)?.score ?? null),
  };
}

/** The dataset a run was trained on, from its config.json; imported runs name none. */
async function runDataset(project: Project, runId: string): Promise<string> {
  const info = await readRunInfo(runDir(project.dir, runId));
  if (!info.datasetId) throw new StudioError('bad-input', 'this run names no dataset (imported?): choose the dataset to explore it on', 'datasetId');
  return info.datasetId;
}

/** Refuses, before any job starts, a dataset whose rows the run cannot read. */
async function checkWidths(project: Project, key: ExplorerCacheKey): Promise<void> {
  const info = await readRunInfo(runDir(project.dir, key.runId));
  const store = await ActivationStore.open(datasetDir(project.dir, key.datasetId));
  const dims = store.dims;
  await store.close();
  if (dims !== info.dIn) throw new StudioError('shape', `the run reads ${info.dIn} dims but dataset "${key.datasetId}" has ${dims}`, 'datasetId');
}

/** Reads the cache and what pages need beside it (weights for nearest features, labels, tokens); null without a fresh cache. */
/** The cache from the run folder or, for a project opened read-only, from its scratch folder. */
async function loadExplorer(project: Project, key: ExplorerCacheKey, home: string): Promise<LoadedExplorer | null> {
  const folder = runDir(project.dir, key.runId);
  const scratch = scratchRunDir(projectScratchDir(home, project.dir), key.runId);
  const places = project.readOnly ? [folder, scratch] : [folder];
  let cache = null;
  for (const place of places) cache ??= await readExplorerCache(explorerCacheFile(place, key.datasetId, key.maxRows), key);
  if (!cache) return null;
  const { sae } = await loadSaeFolder(folder);
  const dir = datasetDir(project.dir, key.datasetId);
  const store = await ActivationStore.open(dir);
  const datasetRows = store.rows;
  await store.close();
  const labels = await readExplorerLabels(dir);
  const tokens = await readDatasetTokens(dir, datasetRows);
  const explorer = FeatureExplorer.fromParts({ codes: cache.codes, properties: cache.properties, rows: cache.rows, wDec: sae.W_dec, dIn: sae.dIn, labels, tokens });
  return { explorer, key, hasBoards: labels !== undefined, hasTokens: tokens !== undefined, boardScores: cache.boardScores };
}
