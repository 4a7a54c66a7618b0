import path from 'node:path';
import { ImportCorpusOptions } from '../../shared/schemas/corpus';
import { newEntryId } from '../project/ids';
import { checkImportColumns } from '../text/corpus/import';
import { inspectCorpusFile } from '../text/corpus/inspect';
import { readCorpusMeta, readCorpusRows } from '../text/corpus/store';
import { familyInfo, featureInfo, selectFeatures, SUMMARY_FEATURES, textFamilies, textFeatures } from '../text/features';
import { analyse } from '../text/nlp/analyse';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';
import { requireListed } from '../project/listed';

type CorpusMethods = 'listCorpora' | 'getCorpus' | 'inspectCorpusFile' | 'importCorpus' | 'getCorpusRows' | 'listTextFeatures';

export function corpusHandlers(ctx: StudioContext): HandlerGroup<CorpusMethods> {
  return {
    async listCorpora({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      return Promise.all(project.manifest.corpora.map((c) => readCorpusMeta(project.dir, c.id)));
    },
    async getCorpus({ projectDir, corpusId }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'corpora', corpusId, 'corpusId');
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
      const corpusName = name ?? path.basename(source).replace(/\.gz$/i, '').replace(/\.[^.]+$/, '');
      const id = newEntryId(corpusName, new Set(project.manifest.corpora.map((c) => c.id)));
      const info = await ctx.jobs.start(project, 'import-corpus', { source, name: corpusName, id, options });
      return { jobId: info.id };
    },
    async getCorpusRows({ projectDir, corpusId, offset, limit, split, features: ids, evidence }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'corpora', corpusId, 'corpusId');
      const meta = await readCorpusMeta(project.dir, corpusId);
      const features = selectFeatures(ids ?? SUMMARY_FEATURES);
      const rows = [];
      let index = 0;
      for await (const row of readCorpusRows(project.dir, corpusId, { split })) {
        if (index++ < offset) continue;
        const doc = analyse(row.text);
        rows.push({ row, values: features.map((f) => ({ id: f.id, family: f.family, value: f.compute(doc), evidence: evidence ? f.evidence(doc) : [] })) });
        if (rows.length >= limit) break;
      }
      return { total: split ? meta.splits.counts[split] : meta.rowCount, offset, rows };
    },
    async listTextFeatures() {
      return { families: textFamilies.map(familyInfo), features: textFeatures.map(featureInfo), summary: [...SUMMARY_FEATURES] };
    },
  };
}
