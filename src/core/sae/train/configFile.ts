import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { StudioError } from '../../../shared/errors';
import { expandSweep, type SweepAxis } from '../../../shared/sweep';
import { parseTrainConfig } from './config';

/**
 * Training configs from files, checked by the same schema as the New run form
 * (TrainConfig + the architecture's own schema), errors naming the file and key.
 *
 * A run file (JSON or YAML) is one TrainConfig: `{arch, width, steps, archConfig: {k}, …}`,
 * plus optional `dataset` and `name`. A sweep file is
 * `{dataset?, name?, base: {TrainConfig fields}, grid: {field: [values], …}}` (every
 * combination, as the form's sweep builder makes them; fields as in the form: `width`, `lr`,
 * `arch.k`) and/or `runs: [{fields over base}, …]`.
 */
export interface ConfigFile {
  configs: Record<string, unknown>[];
  dataset?: string;
  name?: string;
}

/** As many configs as one train-sae job takes (its params schema). */
const MAX_RUNS = 64;

async function readStructured(file: string): Promise<Record<string, unknown>> {
  const text = await fs.readFile(file, 'utf8').catch((err: Error) => {
    throw new StudioError('not-found', `cannot read: ${err.message}`, file);
  });
  const ext = path.extname(file).toLowerCase();
  let raw: unknown;
  if (ext === '.json') {
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new StudioError('bad-file', `not JSON: ${(err as Error).message}`, file);
    }
  } else if (ext === '.yaml' || ext === '.yml') {
    try {
      raw = parseYaml(text);
    } catch (err) {
      const line = err instanceof YAMLParseError && err.linePos ? `: line ${err.linePos[0].line}` : '';
      throw new StudioError('bad-file', `not YAML: ${(err as Error).message.split('\n')[0]}`, `${file}${line}`);
    }
  } else {
    throw new StudioError('unsupported', `a config file is .json, .yaml or .yml, not ${ext || 'extensionless'}`, file);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new StudioError('bad-file', 'expected a mapping of keys to values at the top', file);
  return raw as Record<string, unknown>;
}

/** parseTrainConfig's `config.x` / `arch.x` become the keys as written in the file. */
function check(config: Record<string, unknown>, where: (key: string) => string): void {
  try {
    parseTrainConfig(config);
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    const key = (err.where ?? '').replace(/^config\./, '').replace(/^arch\./, 'archConfig.');
    throw new StudioError('bad-input', err.detail, where(key));
  }
}

function stringKey(raw: Record<string, unknown>, key: string, file: string): string | undefined {
  const v = raw[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !v) throw new StudioError('bad-input', `${key} must be a non-empty string`, `${file}: ${key}`);
  return v;
}

export async function readRunConfigFile(file: string): Promise<ConfigFile> {
  const raw = await readStructured(file);
  const config = { ...raw };
  delete config.dataset;
  delete config.name;
  check(config, (key) => `${file}: ${key}`);
  return { configs: [config], dataset: stringKey(raw, 'dataset', file), name: stringKey(raw, 'name', file) };
}

const SWEEP_KEYS = new Set(['dataset', 'name', 'base', 'grid', 'runs']);

export async function readSweepFile(file: string): Promise<ConfigFile> {
  const raw = await readStructured(file);
  const unknown = Object.keys(raw).find((k) => !SWEEP_KEYS.has(k));
  if (unknown) throw new StudioError('bad-input', `unknown key "${unknown}" (a sweep has dataset, name, base, grid, runs)`, `${file}: ${unknown}`);
  const base = raw.base ?? {};
  if (typeof base !== 'object' || base === null || Array.isArray(base)) throw new StudioError('bad-input', 'base must be a mapping of config fields', `${file}: base`);
  const axes: SweepAxis[] = [];
  if (raw.grid !== undefined) {
    if (typeof raw.grid !== 'object' || raw.grid === null || Array.isArray(raw.grid)) throw new StudioError('bad-input', 'grid must map fields to lists of values', `${file}: grid`);
    for (const [field, values] of Object.entries(raw.grid as Record<string, unknown>)) {
      if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
        throw new StudioError('bad-input', 'a grid axis is a non-empty list of numbers', `${file}: grid.${field}`);
      }
      axes.push({ field, values: values as number[] });
    }
  }
  let configs: Record<string, unknown>[] = [];
  const origin: string[] = [];
  if (axes.length) {
    configs = expandSweep(base as Record<string, unknown>, axes);
    configs.forEach((c) => origin.push(`grid (${axes.map((a) => `${a.field}=${a.field.startsWith('arch.') ? (c.archConfig as Record<string, unknown>)[a.field.slice(5)] : c[a.field]}`).join(', ')})`));
  }
  if (raw.runs !== undefined) {
    if (!Array.isArray(raw.runs)) throw new StudioError('bad-input', 'runs must be a list of config fields', `${file}: runs`);
    raw.runs.forEach((r: unknown, i) => {
      if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new StudioError('bad-input', 'a run is a mapping of config fields', `${file}: runs.${i}`);
      const run = r as Record<string, unknown>;
      const b = base as Record<string, unknown>;
      configs.push({ ...b, ...run, archConfig: { ...((b.archConfig as object | undefined) ?? {}), ...((run.archConfig as object | undefined) ?? {}) } });
      origin.push(`runs.${i}`);
    });
  }
  if (configs.length === 0) configs = [base as Record<string, unknown>];
  if (configs.length > MAX_RUNS) throw new StudioError('bad-input', `the sweep makes ${configs.length} runs; one job trains at most ${MAX_RUNS}`, `${file}: grid`);
  configs.forEach((c, i) => check(c, (key) => `${file}: ${origin[i] ?? 'base'}.${key}`));
  return { configs, dataset: stringKey(raw, 'dataset', file), name: stringKey(raw, 'name', file) };
}
