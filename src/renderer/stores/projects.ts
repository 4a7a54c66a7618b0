import { defineStore } from 'pinia';
import { computed, readonly, ref } from 'vue';
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

  return { recent: computed(() => recent.value), recentLoaded: readonly(recentLoaded), current: computed(() => current.value), loadRecent, create, open, refresh };
});
