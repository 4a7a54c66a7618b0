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

/**
 * An optional numeric option (undefined when absent; callers give the default with `??`): a whole
 * number unless `whole` is false, at least `min` (0 unless given), or a bad-input error naming the
 * option and the value it got.
 */
export function numberOption(values: Record<string, unknown>, name: string, { whole = true, min = 0 }: { whole?: boolean; min?: number } = {}): number | undefined {
  const raw = values[name];
  if (typeof raw !== 'string') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || (whole && !Number.isInteger(n))) throw new StudioError('bad-input', `--${name} must be a ${whole ? 'whole ' : ''}number ≥ ${min}, got "${raw}"`, `--${name}`);
  return n;
}
