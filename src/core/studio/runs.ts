import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { RunInfo } from '../../shared/schemas/run';
import { ActivationStore } from '../data/store';
import { datasetDir, jobTmpDir } from '../project/layout';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { loadSaeFolder } from '../sae/checkpoint/load';
import { loadSaeLens, saveSaeLens } from '../sae/checkpoint/saelens';
import { readRunEval, readRunInfo, readRunMetrics, runDir, writeRunEval, writeRunInfo } from '../sae/run/folder';
import { evaluateRunOnStore } from '../sae/run/evaluate';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';
import { requireListed } from '../project/listed';

type RunMethods = 'listRuns' | 'getRun' | 'getRunMetrics' | 'getRunEval' | 'trainSae' | 'evaluateRun' | 'importSae';

export function runHandlers(ctx: StudioContext): HandlerGroup<RunMethods> {
  return {
    async listRuns({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      return Promise.all(project.manifest.runs.map((r) => readRunInfo(runDir(project.dir, r.id))));
    },
    async getRun({ projectDir, runId }) {
      const project = await openedProject(ctx, projectDir);
      return readRunInfo(listedRun(project, runId));
    },
    async getRunMetrics({ projectDir, runId }) {
      const project = await openedProject(ctx, projectDir);
      return { lines: await readRunMetrics(listedRun(project, runId)) };
    },
    async getRunEval({ projectDir, runId }) {
      const project = await openedProject(ctx, projectDir);
      const dir = listedRun(project, runId);
      return (await readRunInfo(dir)).evaluated ? readRunEval(dir) : null;
    },
    async trainSae({ projectDir, datasetId, name, configs, resumeRunId, evaluate }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'datasets', datasetId, 'datasetId');
      if (resumeRunId) listedRun(project, resumeRunId);
      const taken = new Set(project.manifest.runs.map((r) => r.id));
      const ids = resumeRunId ? undefined : configs.map((c) => {
        const id = newEntryId(`${name} ${String(c.arch)}`, taken);
        taken.add(id);
        return id;
      });
      const info = await ctx.jobs.start(project, 'train-sae', { datasetId, name, configs, ids, resumeRunId, evaluate });
      return { jobId: info.id };
    },
    async evaluateRun({ projectDir, runId, datasetId }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const dir = listedRun(project, runId);
      const info = await readRunInfo(dir);
      const dataset = datasetId ?? info.datasetId;
      if (!dataset) throw new StudioError('bad-input', 'an imported run needs the dataset to evaluate on', 'datasetId');
      requireListed(project.manifest, 'datasets', dataset, 'datasetId');
      const sae = await loadSaeLens(dir);
      const store = await ActivationStore.open(datasetDir(project.dir, dataset));
      try {
        if (store.dims !== sae.dIn) throw new StudioError('shape', `the dataset has ${store.dims} dims but the SAE reads ${sae.dIn}`, 'datasetId');
        const ev = await evaluateRunOnStore(sae, store, dataset);
        await writeRunEval(dir, ev);
        // an import has no dataset of its own until it is measured on one: that one becomes its
        // dataset, so the explorer, Compare and reports read the same rows
        await writeRunInfo(dir, { ...info, datasetId: info.datasetId ?? dataset, evaluated: true });
        return ev;
      } finally {
        await store.close();
      }
    },
    async importSae({ projectDir, path: input, name }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      return importSaeFolder(project, await resolveClientPath(ctx, input, 'path'), name);
    },
  };
}

/** The folder of a run the manifest lists. */
function listedRun(project: Project, runId: string): string {
  requireListed(project.manifest, 'runs', runId, 'runId');
  return runDir(project.dir, runId);
}

/**
 * Imports a SAELens or sparsify folder as a run: the SAE is read (and checked) first, written
 * as a SAELens folder in the project's work area, then moved into runs/<id>/ and listed.
 */
async function importSaeFolder(project: Project, source: string, name?: string): Promise<RunInfo> {
  const { format, sae } = await loadSaeFolder(source);
  const runName = name ?? path.basename(source);
  const id = newEntryId(runName, new Set(project.manifest.runs.map((r) => r.id)));
  const staging = path.join(jobTmpDir(project.dir, `import-${id}`), id);
  const info: RunInfo = {
    id,
    name: runName,
    createdAt: new Date().toISOString(),
    origin: 'imported',
    datasetId: null,
    arch: `${format}:${sae.architecture}`,
    saved: sae.architecture,
    dIn: sae.dIn,
    dSae: sae.dSae,
    steps: 0,
    source: { path: source, format },
    config: null,
    final: null,
    evaluated: false,
  };
  try {
    await saveSaeLens(staging, { ...sae, cfg: { ...sae.cfg, studio: { ...((sae.cfg.studio as object | undefined) ?? {}), importedFrom: source } } });
    await writeRunInfo(staging, info);
    await fs.mkdir(path.join(project.dir, 'runs'), { recursive: true });
    await fs.rename(staging, runDir(project.dir, id));
  } finally {
    await fs.rm(path.dirname(staging), { recursive: true, force: true });
  }
  await project.update((m) => void m.runs.push({ id, name: runName, createdAt: info.createdAt }));
  return info;
}
