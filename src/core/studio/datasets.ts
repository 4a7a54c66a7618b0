import { promises as fs } from 'node:fs';
import path from 'node:path';
import { DatasetMeta } from '../../shared/schemas/dataset';
import { StudioError } from '../../shared/errors';
import { datasetDir } from '../project/layout';
import { inspectImportFile } from '../data/import';
import { newEntryId } from '../project/ids';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';
import { requireListed } from '../project/listed';

type DatasetMethods = 'listDatasets' | 'getDataset' | 'inspectImportFile' | 'importDataset';

export function datasetHandlers(ctx: StudioContext): HandlerGroup<DatasetMethods> {
  return {
    async listDatasets({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      return Promise.all(project.manifest.datasets.map((d) => readMeta(project.dir, d.id)));
    },
    async getDataset({ projectDir, datasetId }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'datasets', datasetId, 'datasetId');
      return readMeta(project.dir, datasetId);
    },
    async inspectImportFile({ path: input }) {
      return inspectImportFile(await resolveClientPath(ctx, input, 'path'));
    },
    async importDataset({ projectDir, path: input, tensor, name, tokens: tokensInput }) {
      const project = await openedProject(ctx, projectDir);
      const source = await resolveClientPath(ctx, input, 'path');
      const tokens = tokensInput === undefined ? undefined : await resolveClientPath(ctx, tokensInput, 'tokens');
      const datasetName = name ?? path.basename(source).replace(/\.[^.]+$/, '');
      const id = newEntryId(datasetName, new Set(project.manifest.datasets.map((d) => d.id)));
      const info = await ctx.jobs.start(project, 'import-dataset', { source, tensor, name: datasetName, id, tokens });
      return { jobId: info.id };
    },
  };
}

async function readMeta(projectDir: string, id: string): Promise<DatasetMeta> {
  const file = path.join(datasetDir(projectDir, id), 'meta.json');
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(code === 'ENOENT' ? 'not-found' : 'bad-file', code === 'ENOENT' ? 'dataset meta.json is missing' : `dataset meta.json is unreadable: ${(err as Error).message}`, file);
  }
  const parsed = DatasetMeta.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `dataset meta.json field "${issue.path.join('.')}": ${issue.message}`, file);
  }
  return parsed.data;
}
