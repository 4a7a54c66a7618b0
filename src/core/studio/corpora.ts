import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { ImportCorpusOptions } from '../../shared/schemas/corpus';
import { newEntryId } from '../project/ids';
import { checkImportColumns } from '../text/corpus/import';
import { inspectCorpusFile } from '../text/corpus/inspect';
import { readCorpusMeta } from '../text/corpus/store';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';

type CorpusMethods = 'listCorpora' | 'getCorpus' | 'inspectCorpusFile' | 'importCorpus';

export function corpusHandlers(ctx: StudioContext): HandlerGroup<CorpusMethods> {
  return {
    async listCorpora({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      return Promise.all(project.manifest.corpora.map((c) => readCorpusMeta(project.dir, c.id)));
    },
    async getCorpus({ projectDir, corpusId }) {
      const project = await openedProject(ctx, projectDir);
      if (!project.manifest.corpora.some((c) => c.id === corpusId)) throw new StudioError('not-found', `no corpus "${corpusId}" in this project`, 'corpusId');
      return readCorpusMeta(project.dir, corpusId);
    },
    async inspectCorpusFile({ path: input }) {
      return inspectCorpusFile(await resolveClientPath(ctx, input, 'path'));
    },
    async importCorpus({ projectDir, path: input, name, ...rest }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const source = await resolveClientPath(ctx, input, 'path');
      const options = ImportCorpusOptions.parse(rest);
      // Named columns are checked here, so a wrong mapping is an answer, not a failed job.
      await checkImportColumns(source, options);
      const corpusName = name ?? path.basename(source).replace(/\.[^.]+$/, '');
      const id = newEntryId(corpusName, new Set(project.manifest.corpora.map((c) => c.id)));
      const info = await ctx.jobs.start(project, 'import-corpus', { source, name: corpusName, id, options });
      return { jobId: info.id };
    },
  };
}
