import { StudioError } from '../../shared/errors';
import { BUILTIN_SETS } from '../concepts/builtin';
import { readConceptResult } from '../concepts/results';
import { conceptSetFile, listConceptSets, readConceptSet, summarise, textSetFromCsv, textSetFromTyped, writeConceptSet } from '../concepts/sets';
import { tokenVocabulary } from '../concepts/matchText';
import { wordnetConceptSet } from '../concepts/wordnet';
import { readDatasetTokens } from '../data/tokens';
import { ActivationStore } from '../data/store';
import { newEntryId } from '../project/ids';
import { datasetDir } from '../project/layout';
import type { Project } from '../project/project';
import { readRunInfo, runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject, resolveClientPath } from './resolve';
import { promises as fs } from 'node:fs';
import { requireListed } from '../project/listed';

type ConceptMethods = 'listConceptSets' | 'createConceptSet' | 'startConcepts' | 'getConcepts';

/**
 * Curated-concept exploration (issue 21): concept sets saved in the project (concepts/<id>.json),
 * a `concepts` job per run and set, and its latest result read back for the screen.
 */
export function conceptHandlers(ctx: StudioContext): HandlerGroup<ConceptMethods> {
  return {
    async listConceptSets({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      return listConceptSets(project.dir);
    },
    async createConceptSet({ projectDir, name, source }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const taken = new Set((await listConceptSets(project.dir)).map((s) => s.id));
      const id = newEntryId(name, taken);
      let set;
      if (source.kind === 'wordnet') {
        const vocabulary = source.datasetId ? await datasetVocabulary(project, source.datasetId) : undefined;
        set = await wordnetConceptSet(id, source.categories, vocabulary);
        set.name = name;
      } else if (source.kind === 'csv') {
        set = await textSetFromCsv(await resolveClientPath(ctx, source.path, 'source.path'), id, name);
      } else {
        set = textSetFromTyped(source.text, id, name);
      }
      await writeConceptSet(project.dir, set);
      return summarise(set);
    },
    async startConcepts({ projectDir, runId, datasetId, setId, threshold, epsilon, maxRows }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      requireListed(project.manifest, 'runs', runId, 'runId');
      const info = await readRunInfo(runDir(project.dir, runId));
      const dataset = datasetId ?? info.datasetId;
      if (!dataset) throw new StudioError('bad-input', 'this run names no dataset (imported?): choose the dataset to match concepts on', 'datasetId');
      requireListed(project.manifest, 'datasets', dataset, 'datasetId');
      const set = await readConceptSet(project.dir, setId);
      // a built-in set is saved on first use, so the result always names a set the project holds
      if (Object.hasOwn(BUILTIN_SETS, setId) && !(await fs.stat(conceptSetFile(project.dir, setId)).then(() => true, () => false))) await writeConceptSet(project.dir, set);
      const job = await ctx.jobs.start(project, 'concepts', { runId, datasetId: dataset, setId, threshold, epsilon, maxRows });
      return { jobId: job.id };
    },
    async getConcepts({ projectDir, runId, setId }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'runs', runId, 'runId');
      return readConceptResult(project.dir, runId, setId);
    },
  };
}

/** The distinct words of a dataset's sidecar (tokens, or the words character tokens spell): WordNet sets keep only words that occur. */
async function datasetVocabulary(project: Project, datasetId: string): Promise<Set<string>> {
  requireListed(project.manifest, 'datasets', datasetId, 'source.datasetId');
  const dir = datasetDir(project.dir, datasetId);
  const store = await ActivationStore.open(dir);
  const rows = store.rows;
  await store.close();
  const table = await readDatasetTokens(dir, rows);
  if (!table) throw new StudioError('bad-input', `dataset "${datasetId}" has no token sidecar`, 'source.datasetId');
  return tokenVocabulary(table);
}
