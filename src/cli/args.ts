import { parseArgs } from 'node:util';
import { StudioError } from '../shared/errors';
import type { OptionSpec } from './command';

/** `util.parseArgs` with strict checking, its errors turned into a StudioError naming the option. */
export function parseCommandArgs(argv: string[], options: OptionSpec, positionals: boolean) {
  try {
    return parseArgs({ args: argv, options: { ...options, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: positionals, strict: true });
  } catch (err) {
    const message = (err as Error).message;
    const option = /'(-{1,2}[^']+)'/.exec(message)?.[1];
    throw new StudioError('bad-input', message, option ?? 'arguments');
  }
}

/** An integer option of at least `min`, or a bad-input error naming it. */
export function intOption(value: unknown, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new StudioError('bad-input', `--${name} must be an integer of at least ${min}, got "${String(value)}"`, `--${name}`);
  return n;
}

/** An optional number of at least 0, whole unless `whole` is false, or a bad-input error naming the option. */
export function nonNegativeOption(values: Record<string, unknown>, name: string, whole = true): number | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0 || (whole && !Number.isInteger(n))) throw new StudioError('bad-input', `--${name} must be a ${whole ? 'whole ' : ''}number ≥ 0, got "${raw}"`, `--${name}`);
  return n;
}
