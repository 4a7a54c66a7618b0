import { onScopeDispose } from 'vue';

export interface Shortcut {
  /** the key as `KeyboardEvent.key` reports it: '?', 'j', 'Escape' */
  key: string;
  description: string;
  run: () => void;
}

/** Keys typed into a field belong to the field, except Escape, which always closes. */
function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** Binds single-key shortcuts on the window for the lifetime of the calling component. */
export function useShortcuts(shortcuts: readonly Shortcut[]): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key !== 'Escape' && typingInField(event)) return;
    const hit = shortcuts.find((s) => s.key === event.key);
    if (!hit) return;
    event.preventDefault();
    hit.run();
  };
  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
}
