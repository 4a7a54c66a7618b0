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
    toasts.value.push({ id, kind: 'info', message });
    setTimeout(() => dismiss(id), INFO_MS);
  }

  return { toasts: computed(() => toasts.value), error, info, dismiss };
});
