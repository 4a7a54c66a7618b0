import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { StudioError } from '../../shared/errors';

export interface Toast {
  id: number;
  kind: 'error' | 'info';
  message: string;
  /** the file, field or value at fault, shown apart so the analyst sees what to fix */
  where?: string;
}

/** Info toasts leave by themselves; errors stay until dismissed so they can be read. */
const INFO_MS = 5000;
/** info notices shown at once; the oldest leave first */
const MAX_INFO = 3;

export const useToasts = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  let nextId = 1;

  function dismiss(id: number) {
    toasts.value = toasts.value.filter((t) => t.id !== id);
  }

  /** One toast per distinct failure: several calls failing for one reason say it once. */
  function error(err: unknown) {
    const { detail: message, where } = StudioError.from(err);
    if (toasts.value.some((t) => t.kind === 'error' && t.message === message && t.where === where)) return;
    toasts.value.push({ id: nextId++, kind: 'error', message, where });
  }

  function info(message: string) {
    const id = nextId++;
    // notices come and go; more than a few at once would cover the screen they talk about
    toasts.value = [...toasts.value.filter((t) => t.kind === 'error'), ...toasts.value.filter((t) => t.kind === 'info').slice(-(MAX_INFO - 1)), { id, kind: 'info', message }];
    setTimeout(() => dismiss(id), INFO_MS);
  }

  /** Drops every notice (a project switch: they were about the other project). */
  function clear() {
    toasts.value = [];
  }

  return { toasts: computed(() => toasts.value), error, info, dismiss, clear };
});
