import { onScopeDispose, ref, watch, type Ref } from 'vue';

/**
 * Follows `source`, but turns on only after it has stayed on for `delayMs`: a spinner for a
 * call that returns in 30 ms never flashes (Vikunja delays its loading flags the same way).
 */
export function useDelayedFlag(source: Ref<boolean>, delayMs = 100): Readonly<Ref<boolean>> {
  const shown = ref(false);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stop = watch(
    source,
    (on) => {
      clearTimeout(timer);
      if (!on) shown.value = false;
      else timer = setTimeout(() => (shown.value = true), delayMs);
    },
    { immediate: true },
  );
  onScopeDispose(() => {
    stop();
    clearTimeout(timer);
  });
  return shown;
}
