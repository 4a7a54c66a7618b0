import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { RunEval, RunInfo } from '../../../shared/schemas/run';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic';
import { RUN_EVAL_SAEBENCH, saebenchCoreOutput } from './saebench';

/*
 * A run folder `runs/<id>/` (DESIGN.md "Project folder"): config.json (RunInfo), metrics.jsonl
 * (live metrics, one JSON object per logged step), the SAELens pair cfg.json +
 * sae_weights.safetensors, trainer_state.* (resume) and eval.json.
 */
export const RUN_INFO = 'config.json';
export const RUN_METRICS = 'metrics.jsonl';
export const RUN_EVAL = 'eval.json';

export const runDir = (projectDir: string, id: string): string => path.join(projectDir, 'runs', id);

async function readValidated<T extends z.ZodType>(file: string, schema: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new StudioError(code === 'ENOENT' ? 'not-found' : 'bad-file', code === 'ENOENT' ? 'missing' : `unreadable: ${(err as Error).message}`, file);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', `field "${issue.path.join('.')}": ${issue.message}`, file);
  }
  return parsed.data;
}

export const readRunInfo = (dir: string): Promise<RunInfo> => readValidated(path.join(dir, RUN_INFO), RunInfo);
export const writeRunInfo = (dir: string, info: RunInfo): Promise<void> => writeJsonAtomic(path.join(dir, RUN_INFO), RunInfo.parse(info));
export const readRunEval = (dir: string): Promise<RunEval> => readValidated(path.join(dir, RUN_EVAL), RunEval);
/** eval.json, and beside it the same metrics in SAEBench's layout (saebench.ts). */
export async function writeRunEval(dir: string, ev: RunEval): Promise<void> {
  const parsed = RunEval.parse(ev);
  await writeJsonAtomic(path.join(dir, RUN_EVAL), parsed);
  const cfg = await fs.readFile(path.join(dir, 'cfg.json'), 'utf8').then((t) => JSON.parse(t) as Record<string, unknown>, () => null);
  await writeJsonAtomic(path.join(dir, RUN_EVAL_SAEBENCH), saebenchCoreOutput(path.basename(dir), { ...ev, ...parsed }, cfg));
}

export async function writeRunMetrics(dir: string, lines: readonly Record<string, number>[]): Promise<void> {
  await writeFileAtomic(path.join(dir, RUN_METRICS), lines.map((l) => JSON.stringify(l)).join('\n') + (lines.length ? '\n' : ''));
}

/** The logged metrics, oldest first; a missing file is an empty log. */
export async function readRunMetrics(dir: string): Promise<Record<string, number>[]> {
  const file = path.join(dir, RUN_METRICS);
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return '';
    throw err;
  });
  return text.split('\n').filter((l) => l.trim()).map((l, i) => {
    try {
      return JSON.parse(l) as Record<string, number>;
    } catch {
      throw new StudioError('bad-file', `line ${i + 1} is not JSON`, file);
    }
  });
}
