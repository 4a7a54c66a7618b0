import { computed, onScopeDispose, ref } from 'vue';
import { darkChartTheme, lightChartTheme } from '../../shared/charts/theme';

/** The OS colour scheme (`prefers-color-scheme`), live, and the chart theme that matches it. */
export function useColorScheme() {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  const dark = ref(query.matches);
  const update = (event: MediaQueryListEvent) => (dark.value = event.matches);
  query.addEventListener('change', update);
  onScopeDispose(() => query.removeEventListener('change', update));
  const chartTheme = computed(() => (dark.value ? darkChartTheme : lightChartTheme));
  return { dark, chartTheme };
}
