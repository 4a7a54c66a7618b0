import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { FeatureExplorer, type ExplorerLabels } from '../explorer';
import { LABELS_INDEX_FILE, readOthelloLabels } from '../games/lm/extract';
import type { Project } from '../project/project';
import { datasetDir } from '../project/layout';
import { SAELENS_WEIGHTS } from '../sae/checkpoint/files';
import { loadSaeFolder } from '../sae/checkpoint/load';
import { readRunInfo, runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';

type FeatureMethods = 'listFeatures' | 'getFeature' | 'getBoardScores';

/** Explorers kept built: the list and each feature page of one run read the same one. */
const KEEP = 2;

export interface Scope {
  projectDir: string;
  runId: string;
  datasetId?: string;
  maxRows: number;
}

export type ExplorerFor = (scope: Scope) => Promise<{ explorer: FeatureExplorer; datasetId: string; hasBoards: boolean }>;

/** A run's explorer on a dataset's first rows, built once and kept for the next calls. */
export function explorerCache(ctx: StudioContext): ExplorerFor {
  const built = new Map<string, ReturnType<ExplorerFor>>();
  return async function explorerFor(scope: Scope) {
    const project = await openedProject(ctx, scope.projectDir);
    const datasetId = scope.datasetId ?? (await runDataset(project, scope.runId));
    // the weights' modification time is part of the key: a continued run is explored afresh
    const weights = await fs.stat(path.join(runDir(project.dir, scope.runId), SAELENS_WEIGHTS)).then((s) => s.mtimeMs, () => 0);
    const key = JSON.stringify([project.dir, scope.runId, datasetId, scope.maxRows, weights]);
    let entry = built.get(key);
    if (!entry) {
      entry = buildExplorer(project, scope.runId, datasetId, scope.maxRows);
      built.set(key, entry);
      entry.catch(() => built.delete(key));
      while (built.size > KEEP) built.delete(built.keys().next().value!);
    }
    return entry;
  };
}

export function featureHandlers(ctx: StudioContext): HandlerGroup<FeatureMethods> {
  const explorerFor = explorerCache(ctx);
  return {
    async listFeatures(scope) {
      const { explorer, datasetId, hasBoards } = await explorerFor(scope);
      return {
        runId: scope.runId,
        datasetId,
        rows: explorer.rows,
        features: explorer.features,
        hasBoards,
        frequency: Array.from(explorer.stats.frequency),
        maxActivation: Array.from(explorer.stats.maxActivation),
        meanActivation: Array.from(explorer.stats.meanActivation),
        bestF1: Array.from(explorer.bestF1()),
        bestProperty: Array.from({ length: explorer.features }, (_, i) => explorer.bestLabel(i)),
      };
    },
    async getFeature({ feature, examples, ...scope }) {
      const { explorer } = await explorerFor(scope);
      return explorer.feature(feature, { examples });
    },
    async getBoardScores(scope) {
      const { explorer } = await explorerFor(scope);
      return explorer.boardScores();
    },
  };
}

/** The dataset a run was trained on, from its config.json; imported runs name none. */
async function runDataset(project: Project, runId: string): Promise<string> {
  if (!project.manifest.runs.some((r) => r.id === runId)) throw new StudioError('not-found', `no run "${runId}" in this project`, 'runId');
  const info = await readRunInfo(runDir(project.dir, runId));
  if (!info.datasetId) throw new StudioError('bad-input', 'this run names no dataset (imported?): choose the dataset to explore it on', 'datasetId');
  return info.datasetId;
}

async function buildExplorer(project: Project, runId: string, datasetId: string, maxRows: number) {
  if (!project.manifest.runs.some((r) => r.id === runId)) throw new StudioError('not-found', `no run "${runId}" in this project`, 'runId');
  if (!project.manifest.datasets.some((d) => d.id === datasetId)) throw new StudioError('not-found', `no dataset "${datasetId}" in this project`, 'datasetId');
  const { sae } = await loadSaeFolder(runDir(project.dir, runId));
  const dir = datasetDir(project.dir, datasetId);
  const store = await ActivationStore.open(dir);
  try {
    if (store.dims !== sae.dIn) throw new StudioError('shape', `the run reads ${sae.dIn} dims but dataset "${datasetId}" has ${store.dims}`, 'datasetId');
    const rows = Math.min(maxRows, store.rows);
    const x = await store.readRows(0, rows);
    const labels = await boardLabels(dir);
    return { explorer: FeatureExplorer.build({ sae, x, rows, labels }), datasetId, hasBoards: labels !== undefined };
  } finally {
    await store.close();
  }
}

async function boardLabels(dir: string): Promise<ExplorerLabels | undefined> {
  const present = await fs.stat(path.join(dir, LABELS_INDEX_FILE)).then(() => true, () => false);
  return present ? readOthelloLabels(dir) : undefined;
}
