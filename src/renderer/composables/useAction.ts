import { ref } from 'vue';
import { useToasts } from '../stores/toasts';
import { useDelayedFlag } from './useDelayedFlag';

/**
 * Wraps an async user action: a `busy` flag (to disable the button), a delayed `spinning`
 * flag (to show a spinner without flicker) and failures shown as a toast naming `where`.
 * Resolves to the action's result, or undefined when it failed.
 */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const toasts = useToasts();
  const busy = ref(false);
  const spinning = useDelayedFlag(busy);
  async function run(...args: A): Promise<R | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    try {
      return await action(...args);
    } catch (err) {
      toasts.error(err);
      return undefined;
    } finally {
      busy.value = false;
    }
  }
  return { run, busy, spinning };
}
