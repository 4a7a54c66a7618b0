import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { MethodArgs, MethodResult } from '../../shared/api';
import type { CorpusMeta } from '../../shared/schemas/corpus';
import { api } from '../bridge';

export type CorpusInspection = MethodResult<'inspectCorpusFile'>;
export type CorpusPage = MethodResult<'getCorpusRows'>;
export type TextFeatureCatalogue = MethodResult<'listTextFeatures'>;
export type CorpusImport = Omit<MethodArgs<'importCorpus'>, 'projectDir'>;

/** Text corpora of the open project; rows and their features are fetched a page at a time. */
export const useCorpora = defineStore('corpora', () => {
  const projectDir = ref<string | null>(null);
  const list = ref<CorpusMeta[]>([]);
  const loaded = ref(false);
  const catalogue = ref<TextFeatureCatalogue | null>(null);

  async function load(dir: string) {
    if (projectDir.value !== dir) {
      projectDir.value = dir;
      list.value = [];
      loaded.value = false;
    }
    list.value = await api.listCorpora({ projectDir: dir });
    loaded.value = true;
  }

  /** The feature registry, fetched once: it is the same for every project. */
  async function features(): Promise<TextFeatureCatalogue> {
    catalogue.value ??= await api.listTextFeatures({});
    return catalogue.value;
  }

  const get = (dir: string, corpusId: string) => api.getCorpus({ projectDir: dir, corpusId });
  const inspect = (path: string) => api.inspectCorpusFile({ path });
  const rows = (args: MethodArgs<'getCorpusRows'>) => api.getCorpusRows(args);

  async function startImport(dir: string, request: CorpusImport): Promise<string> {
    const { jobId } = await api.importCorpus({ projectDir: dir, ...request });
    return jobId;
  }

  return { projectDir: readonly(projectDir), list: computed(() => list.value), loaded: readonly(loaded), load, features, get, inspect, rows, startImport };
});
