import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FeatureDetail, FeatureTable } from '../../shared/schemas/features';
import { api } from '../bridge';

export type FeatureSortKey = 'id' | 'frequency' | 'maxActivation' | 'bestF1';

/**
 * The feature table of one run (columnar, kept shallow: 16k+ entries need no deep
 * reactivity) and the sorted order the list shows; feature pages are fetched one at a time.
 */
export const useFeatures = defineStore('features', () => {
  const table = shallowRef<FeatureTable | null>(null);
  const sortKey = ref<FeatureSortKey>('frequency');
  const minFrequency = ref(0);

  async function load(projectDir: string, runId: string) {
    table.value = null;
    table.value = await api.listFeatures({ projectDir, runId });
  }
  const order = computed(() => {
    const t = table.value;
    if (!t) return [] as number[];
    const ids = Array.from({ length: t.features }, (_, i) => i).filter((i) => t.frequency[i] >= minFrequency.value);
    if (sortKey.value === 'id') return ids;
    const col = t[sortKey.value];
    return ids.sort((a, b) => col[b] - col[a] || a - b);
  });
  const feature = (projectDir: string, runId: string, index: number): Promise<FeatureDetail> => api.getFeature({ projectDir, runId, feature: index });
  return { table: computed(() => table.value), sortKey, minFrequency, order, load, feature };
});
