import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
import { entryName } from '../../shared/entryName';
import type { ProjectSummary, RecentProject } from '../../shared/schemas/project';
import { api } from '../bridge';

export const useProjects = defineStore('projects', () => {
  const recent = ref<RecentProject[]>([]);
  const recentLoaded = ref(false);
  const current = ref<ProjectSummary | null>(null);

  async function loadRecent() {
    recent.value = await api.listRecentProjects({});
    recentLoaded.value = true;
  }

  async function create(dir: string, name: string) {
    current.value = await api.createProject({ dir, name });
    return current.value;
  }

  async function open(dir: string) {
    current.value = await api.openProject({ dir });
    return current.value;
  }

  /** Re-reads the manifest after a job changed it (a dataset registered, say). */
  async function refresh() {
    if (current.value) current.value = await api.getProject({ projectDir: current.value.dir });
  }

  /** An id (run, dataset, corpus, model, report) by the name the open project lists it under. */
  const nameOf = computed(() => (current.value ? entryName(current.value.manifest) : (id: string) => id));
  return { recent: computed(() => recent.value), recentLoaded: readonly(recentLoaded), current: computed(() => current.value), nameOf, loadRecent, create, open, refresh };
});
