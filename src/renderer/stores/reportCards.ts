import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { FeatureTable } from '../../shared/schemas/features';
import type { FeatureRef } from '../../shared/schemas/report';

export type TopBy = 'frequency' | 'bestF1';

/** The `n` features with the largest `by`, ties by id; features that never fire are left out. */
export function topFeatures(table: Pick<FeatureTable, 'features' | 'frequency' | 'bestF1'>, by: TopBy, n: number): number[] {
  const col = table[by];
  return Array.from({ length: table.features }, (_, i) => i)
    .filter((i) => table.frequency[i] > 0)
    .sort((a, b) => col[b] - col[a] || a - b)
    .slice(0, n);
}

/**
 * The features chosen for a report's cards, per project, in the order they were added: the
 * Reports screen's picker and the feature page's "Add to report" (`add(dir, runId, feature)`)
 * both fill it.
 */
export const useReportCards = defineStore('reportCards', () => {
  const chosen = ref(new Map<string, FeatureRef[]>());
  const of = (dir: string) => chosen.value.get(dir) ?? [];
  function add(dir: string, runId: string, feature: number) {
    const list = of(dir);
    if (!list.some((r) => r.runId === runId && r.feature === feature)) chosen.value.set(dir, [...list, { runId, feature }]);
  }
  function remove(dir: string, index: number) {
    chosen.value.set(dir, of(dir).filter((_, i) => i !== index));
  }
  return { chosen: computed(() => chosen.value), of, add, remove };
});
