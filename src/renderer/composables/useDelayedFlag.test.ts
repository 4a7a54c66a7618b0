import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { effectScope, nextTick, ref } from 'vue';
import { useDelayedFlag } from './useDelayedFlag';

describe('useDelayedFlag', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('stays off for a short busy period and turns on after the delay', async () => {
    const scope = effectScope();
    const busy = ref(false);
    const shown = scope.run(() => useDelayedFlag(busy, 100))!;

    busy.value = true;
    await nextTick();
    vi.advanceTimersByTime(60);
    busy.value = false;
    await nextTick();
    vi.advanceTimersByTime(200);
    expect(shown.value).toBe(false);

    busy.value = true;
    await nextTick();
    vi.advanceTimersByTime(99);
    expect(shown.value).toBe(false);
    vi.advanceTimersByTime(1);
    expect(shown.value).toBe(true);

    busy.value = false;
    await nextTick();
    expect(shown.value).toBe(false);
    scope.stop();
  });

  it('cancels a pending timer when its scope ends', async () => {
    const scope = effectScope();
    const busy = ref(true);
    const shown = scope.run(() => useDelayedFlag(busy, 100))!;
    scope.stop();
    vi.advanceTimersByTime(500);
    expect(shown.value).toBe(false);
  });
});
