import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import type { DatasetMeta } from '../../shared/schemas/dataset';
import type { MethodResult } from '../../shared/api';
import { api } from '../bridge';

export type ImportInspection = MethodResult<'inspectImportFile'>;

/** Datasets of the open project; details (with statistics) are fetched per dataset page. */
export const useDatasets = defineStore('datasets', () => {
  const projectDir = ref<string | null>(null);
  const list = ref<DatasetMeta[]>([]);
  const loaded = ref(false);

  async function load(dir: string) {
    if (projectDir.value !== dir) {
      projectDir.value = dir;
      list.value = [];
      loaded.value = false;
    }
    list.value = await api.listDatasets({ projectDir: dir });
    loaded.value = true;
  }

  const get = (dir: string, datasetId: string) => api.getDataset({ projectDir: dir, datasetId });
  const inspect = (path: string) => api.inspectImportFile({ path });

  /** Starts the import job; an empty `name` or `tokens` means none (the default name, no token sidecar). */
  async function startImport(dir: string, path: string, tensor: string | undefined, name: string | undefined, tokens: string | undefined) {
    const { jobId } = await api.importDataset({ projectDir: dir, path, tensor, name: name || undefined, tokens: tokens || undefined });
    return jobId;
  }

  return { projectDir: readonly(projectDir), list: computed(() => list.value), loaded: readonly(loaded), load, get, inspect, startImport };
});
