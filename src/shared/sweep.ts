import { StudioError } from './errors';

/** One parameter varied across a sweep: where it lives in a config, and its values. */
export interface SweepAxis {
  /** a training field ("width", "lr") or an architecture field ("arch.k") */
  field: string;
  values: number[];
}

/** "16, 32, 64" → [16, 32, 64]; a value that is not a number is named. */
export function parseSweepValues(text: string, where: string): number[] {
  const parts = text.split(/[,\s]+/).filter(Boolean);
  if (parts.length === 0) throw new StudioError('bad-input', 'list at least one value, e.g. 16, 32, 64', where);
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new StudioError('bad-input', `"${p}" is not a number`, where);
    return v;
  });
}

/**
 * Every combination of the axes' values applied to `base` (one axis → N runs, two → N × M),
 * the first axis varying slowest. Architecture fields go into `archConfig`.
 */
export function expandSweep(base: Record<string, unknown>, axes: readonly SweepAxis[]): Record<string, unknown>[] {
  let configs = [structuredClone(base)];
  for (const axis of axes) {
    configs = configs.flatMap((c) =>
      axis.values.map((v) => {
        const next = structuredClone(c);
        if (axis.field.startsWith('arch.')) next.archConfig = { ...(next.archConfig as Record<string, unknown>), [axis.field.slice(5)]: v };
        else next[axis.field] = v;
        return next;
      }),
    );
  }
  return configs;
}
