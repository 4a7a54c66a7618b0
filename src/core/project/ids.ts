import { randomBytes } from 'node:crypto';

/** A folder-safe id from a display name, with a random suffix so re-imports never collide. */
export function newEntryId(name: string, taken: ReadonlySet<string> = new Set()): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'item';
  for (;;) {
    const id = `${slug}-${randomBytes(3).toString('hex')}`;
    if (!taken.has(id)) return id;
  }
}

/** Ids become folder names: one path segment of safe characters. */
export const ENTRY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,79}$/;
