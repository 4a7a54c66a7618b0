/**
 * ↑/↓ on a list of buttons (`ul > li > button`, one per item, as the model workspaces' pair and
 * review lists are): the index of the item the key moves to, with its button focused, or null
 * when the key is another one or the list ends there.
 */
export function stepList(event: KeyboardEvent, index: number, length: number): number | null {
  const next = event.key === 'ArrowDown' ? index + 1 : event.key === 'ArrowUp' ? index - 1 : -1;
  if (next < 0 || next >= length) return null;
  event.preventDefault();
  const item = (event.currentTarget as HTMLElement).closest('li');
  item?.parentElement?.children[next]?.querySelector('button')?.focus();
  return next;
}
