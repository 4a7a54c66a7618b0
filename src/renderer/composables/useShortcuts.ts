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

/**
 * Binds single-key shortcuts on the window for the lifetime of the calling component. Escape
 * in a field with nothing open to close leaves the field, so the next key is a shortcut again
 * (after a form was submitted with Enter, the focus stays in its last field).
 */
export function useShortcuts(shortcuts: readonly Shortcut[], closeTopmost?: () => boolean): void {
  const onKey = (event: KeyboardEvent) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === 'Escape' && closeTopmost) {
      event.preventDefault();
      if (!closeTopmost() && typingInField(event)) (event.target as HTMLElement).blur();
      return;
    }
    if (typingInField(event)) return;
    const hit = shortcuts.find((s) => s.key === event.key);
    if (!hit) return;
    event.preventDefault();
    hit.run();
  };
  window.addEventListener('keydown', onKey);
  onScopeDispose(() => window.removeEventListener('keydown', onKey));
}
