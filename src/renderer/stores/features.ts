import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { FeatureDetail, FeatureTable } from '../../shared/schemas/features';
import { api } from '../bridge';

/** A property label starts with its family's name ("mine_yours g7 = mine"). */
export const familyOf = (label: string | null): string | null => (label ? label.split(' ')[0] : null);

export type FeatureSortKey = 'id' | 'frequency' | 'maxActivation' | 'bestF1' | 'explanationScore';

/**
 * The feature table of one run (columnar, kept shallow: 16k+ entries need no deep
 * reactivity) and the sorted order the list shows; feature pages are fetched one at a time.
 * Until the run's statistics are cached, `computing` names the feature-stats job making them.
 */
export const useFeatures = defineStore('features', () => {
  const table = shallowRef<FeatureTable | null>(null);
  const computing = ref<string | null>(null);
  const sortKey = ref<FeatureSortKey>('frequency');
  const minFrequency = ref(0);
  /** only features whose best board property is of this family ('' = any) */
  const family = ref('');
  /** only features whose id, best property or explanation contains this text */
  const search = ref('');

  async function load(projectDir: string, runId: string, datasetId?: string) {
    table.value = null;
    computing.value = null;
    const listing = await api.listFeatures({ projectDir, runId, datasetId });
    if (listing.status === 'ready') table.value = listing.table;
    else computing.value = listing.jobId;
  }
  /** The same run's table again (new explanations), keeping the current one on screen meanwhile. */
  async function refresh(projectDir: string, runId: string, datasetId?: string) {
    const listing = await api.listFeatures({ projectDir, runId, datasetId });
    if (listing.status === 'ready' && table.value?.runId === runId) table.value = listing.table;
  }
  const order = computed(() => {
    const t = table.value;
    if (!t) return [] as number[];
    const needle = search.value.trim().toLowerCase();
    const matches = (i: number) => !needle || String(i) === needle || (t.bestProperty[i] ?? '').toLowerCase().includes(needle) || (t.explanation[i] ?? '').toLowerCase().includes(needle);
    const ids = Array.from({ length: t.features }, (_, i) => i).filter((i) => t.frequency[i] >= minFrequency.value && (!family.value || familyOf(t.bestProperty[i]) === family.value) && matches(i));
    if (sortKey.value === 'id') return ids;
    const col = t[sortKey.value];
    // features without a value (no explanation score) go last
    const at = (i: number) => col[i] ?? -Infinity;
    return ids.sort((a, b) => at(b) - at(a) || a - b);
  });
  /** the board families the features' best properties come from, for the filter */
  const families = computed(() => [...new Set((table.value?.bestProperty ?? []).map(familyOf).filter((f): f is string => f !== null))].sort());
  const feature = (projectDir: string, runId: string, index: number, datasetId?: string): Promise<FeatureDetail> => api.getFeature({ projectDir, runId, feature: index, datasetId });
  return { table: computed(() => table.value), computing: computed(() => computing.value), sortKey, minFrequency, family, search, families, order, load, refresh, feature };
});
