import { StudioError } from '../../../shared/errors';
import { atm } from './atm';
import { batchtopk } from './batchtopk';
import { gated } from './gated';
import { jumprelu } from './jumprelu';
import { l1 } from './l1';
import { panneal } from './panneal';
import { relu } from './relu';
import { topk } from './topk';
import type { ArchEntry } from './types';

/** Every trainable architecture, by name. */
export const ARCHITECTURES = { relu, l1, topk, batchtopk, jumprelu, gated, panneal, atm } as const;
export type ArchName = keyof typeof ARCHITECTURES;
export const ARCH_NAMES = Object.keys(ARCHITECTURES) as ArchName[];

export function archEntry(name: string): ArchEntry {
  const table: Record<string, unknown> = ARCHITECTURES;
  const entry = table[name] as ArchEntry | undefined;
  if (!entry) throw new StudioError('bad-input', `unknown architecture '${name}' (known: ${ARCH_NAMES.join(', ')})`, 'arch');
  return entry;
}

/** The field a zod issue is about, naming an unknown key by itself. */
export function issueField(issue: { path: PropertyKey[]; code: string; keys?: string[] }): string {
  return [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' && issue.keys ? [issue.keys[0]] : [])].join('.');
}

/** The architecture's config with defaults filled in; a bad field is named. */
export function parseArchConfig(name: string, raw: unknown): Record<string, unknown> {
  const parsed = archEntry(name).schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-input', issue.message, `arch.${issueField(issue)}`);
  }
  return parsed.data as Record<string, unknown>;
}
