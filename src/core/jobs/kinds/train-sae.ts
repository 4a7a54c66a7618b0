import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { RunInfo } from '../../../shared/schemas/run';
import { ActivationStore } from '../../data/store';
import { datasetDir } from '../../project/layout';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { archEntry } from '../../sae/arch/registry';
import { readRunInfo, readRunMetrics, runDir, writeRunEval, writeRunInfo, writeRunMetrics } from '../../sae/run/folder';
import { evaluateRunOnStore } from '../../sae/run/evaluate';
import { textModelOf } from '../../sae/run/benchmarkMetrics';
import { readTextProbes } from '../../sae/run/textProbing';
import { TEXT_PROBE_PLANS } from '../../text/lm/probeTasks';
import { parseTrainConfig, type TrainConfig } from '../../sae/train/config';
import { TrainingDiverged } from '../../sae/train/diverged';
import { fit } from '../../sae/train/fit';
import { loadTrainerState } from '../../sae/checkpoint/trainerState';
import { datasetSaeMetadata } from '../../sae/checkpoint/metadata';
import { TRAINER_STATE_JSON } from '../../sae/checkpoint/files';
import { storeSource } from '../../sae/train/source';
import { defineJobKind, FailedWithPartial, type CommitContext } from '../kind';

const TrainSaeParams = z
  .object({
    datasetId: z.string().regex(ENTRY_ID_PATTERN),
    name: z.string().min(1).default('SAE'),
    /** one config trains one run; several train side by side from one pass over the data (a sweep), one run each */
    configs: z.array(z.record(z.string(), z.unknown())).min(1).max(64),
    /** run ids to use (one per config); fresh ones otherwise */
    ids: z.array(z.string().regex(ENTRY_ID_PATTERN)).optional(),
    /** continue this run from its saved trainer state up to `configs[0].steps` (the config must otherwise match) */
    resumeRunId: z.string().regex(ENTRY_ID_PATTERN).optional(),
    evaluate: z.boolean().default(true),
    threads: z.number().int().positive().max(64).optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.ids && p.ids.length !== p.configs.length) ctx.addIssue({ code: 'custom', message: `${p.ids.length} ids for ${p.configs.length} configs`, path: ['ids'] });
    if (p.resumeRunId && p.configs.length !== 1) ctx.addIssue({ code: 'custom', message: 'resume continues one run: give exactly one config', path: ['resumeRunId'] });
    p.configs.forEach((c, i) => {
      try {
        parseTrainConfig(c);
      } catch (err) {
        if (!(err instanceof StudioError)) throw err;
        ctx.addIssue({ code: 'custom', message: err.detail, path: ['configs', i, ...(err.where ?? '').replace(/^(config|arch)\./, '').split('.')] });
      }
    });
  });
type TrainSaeParams = z.output<typeof TrainSaeParams>;

const TrainSaeResult = z.object({ runs: z.array(RunInfo), resumed: z.boolean() });
type TrainSaeResult = z.infer<typeof TrainSaeResult>;

/**
 * Trains SAEs on a dataset (src/core/sae): one run per config, all fed from one shuffled pass
 * over the train split, with live loss, L0, FVU and dead fraction, then core metrics on the
 * validation split. Each run lands in runs/<id>/; on cancel, each run saved so far lands there
 * marked `cancelled`, and `resumeRunId` continues it.
 */
export const trainSaeKind = defineJobKind({
  kind: 'train-sae',
  doc: 'Train one SAE, or a sweep of several from one pass over the data; live loss, L0, FVU and dead fraction; core metrics on the validation split; saves runs/<id>/ (SAELens format plus resume state); a cancelled run is kept as cancelled at its last step and resumes from there.',
  params: TrainSaeParams,
  result: TrainSaeResult,
  // the run's name first: several cards of one architecture are told apart by it
  title: (p) => (p.configs.length === 1 ? `Train ${p.name} (${String(p.configs[0].arch)}, width ${String(p.configs[0].width)})` : `Sweep ${p.name} of ${p.configs.length} SAEs`),
  async run(ctx) {
    const p = ctx.params;
    const configs = p.configs.map(parseTrainConfig);
    const ids = p.resumeRunId ? [p.resumeRunId] : (p.ids ?? configs.map((c) => newEntryId(`${p.name} ${c.arch}`)));
    const dirs = ids.map((id) => path.join(ctx.workDir, id));
    const previous = p.resumeRunId ? await copyRunForResume(ctx.projectDir, p.resumeRunId, dirs[0]) : null;
    const store = await ActivationStore.open(datasetDir(ctx.projectDir, p.datasetId));
    const lines: Record<string, number>[][] = configs.map((_, i) => (i === 0 && previous ? previous.metrics : []));
    const made: Made = { p, configs, ids, dirs, lines, dIn: store.dims, provider: previous?.info.provider, createdAt: previous?.info.createdAt };
    try {
      if (store.dims === 0) throw new StudioError('bad-file', 'the dataset has no dimensions', p.datasetId);
      const source = storeSource(store, configs[0].seed);
      const total = configs[0].steps;
      const result = await fit(configs, source, {
        dirs,
        metadata: datasetSaeMetadata(store.meta),
        resume: !!previous,
        signal: ctx.signal,
        threads: p.threads,
        onCompiled: (provider) => {
          made.provider = provider;
          ctx.log(`provider: ${provider}`);
        },
        onMetrics: (m, run) => {
          lines[run].push(m);
          if (run === configs.length - 1) ctx.progress(m.step, total, { unit: 'steps', metrics: progressMetrics(lines) });
        },
        onNote: (line, run) => ctx.log(`${ids[run]}: ${line}`),
      });
      const runs: RunInfo[] = [];
      // a text dataset's labelled documents go through its model once for the whole sweep
      const text = p.evaluate && configs.length > 1 ? await textModelOf(store, result.saes[0].dIn) : null;
      const textProbes = text ? await readTextProbes(text.model, text.layer, result.saes, TEXT_PROBE_PLANS.small, { threads: 2, signal: ctx.signal }) : undefined;
      for (let i = 0; i < configs.length; i++) {
        await writeRunMetrics(dirs[i], lines[i]);
        let evaluated = false;
        if (p.evaluate) {
          ctx.log(`evaluating ${ids[i]} on the validation split`);
          await writeRunEval(dirs[i], await evaluateRunOnStore(result.saes[i], store, p.datasetId, { signal: ctx.signal, bench: { textProbes } }));
          evaluated = true;
        }
        const info = runInfo(made, i, result.steps, lines[i].at(-1) ?? null, evaluated, 'complete');
        await writeRunInfo(dirs[i], info);
        runs.push(info);
      }
      return { runs, resumed: !!previous };
    } catch (err) {
      if (err instanceof TrainingDiverged && !ctx.signal.aborted) throw await keepDiverged(made, err, ctx.log);
      if (!ctx.signal.aborted) throw err;
      return keepCancelled(made, ctx.log);
    } finally {
      await store.close();
    }
  },
  commit: commitRuns,
  commitPartial: commitRuns,
  // One step of a wide SAE and the save of its weights and optimizer moments must fit in here.
  cancelGraceMs: 30_000,
});

/** What a train-sae job has made so far: enough to describe each run, finished or not. */
interface Made {
  p: TrainSaeParams;
  configs: TrainConfig[];
  ids: string[];
  dirs: string[];
  lines: Record<string, number>[][];
  dIn: number;
  provider: string | undefined;
  createdAt: string | undefined;
}

/**
 * After a cancel: each run whose trainer state is on disk (fit saves it before it stops) is kept
 * as `cancelled` at the step that state holds, with the metrics logged up to that step, so a
 * resume appends to the curve without repeating or skipping a step. Runs with no saved state yet
 * (cancelled while compiling) are dropped; with none at all, the job is plainly cancelled.
 */
async function keepCancelled(made: Made, log: (line: string) => void): Promise<TrainSaeResult> {
  const runs = await keepSaved(made, (i, step) => (step >= made.configs[i].steps ? 'complete' : 'cancelled'));
  if (runs.length === 0) throw new StudioError('cancelled', 'training was cancelled before its first save', made.ids[0]);
  log(`cancelled at step ${runs[0].steps} of ${made.configs[0].steps}; the run is saved and can be resumed`);
  return { runs, resumed: made.createdAt !== undefined };
}

/** Each run with saved trainer state, its metrics cut at the saved step and its info written with the status given. */
async function keepSaved(made: Made, status: (i: number, step: number) => 'complete' | 'cancelled'): Promise<RunInfo[]> {
  const runs: RunInfo[] = [];
  for (let i = 0; i < made.configs.length; i++) {
    const step = await savedStep(made.dirs[i]);
    if (step === null) continue;
    const kept = made.lines[i].filter((m) => m.step <= step);
    await writeRunMetrics(made.dirs[i], kept);
    const info = runInfo(made, i, step, kept.at(-1) ?? null, false, status(i, step));
    await writeRunInfo(made.dirs[i], info);
    runs.push(info);
  }
  return runs;
}

/**
 * After a divergence: the runs keep their last checkpoint (fit saves nothing once the loss is
 * non-finite), as `cancelled` runs that resume from there, and the error says what was kept.
 */
async function keepDiverged(made: Made, err: TrainingDiverged, log: (line: string) => void): Promise<StudioError | FailedWithPartial> {
  const runs = await keepSaved(made, () => 'cancelled');
  const kept = runs.length ? `kept the last good checkpoint${runs.length > 1 ? 's' : ''}: ${runs.map((r) => `runs/${r.id} at step ${r.steps}`).join(', ')}` : 'no checkpoint was saved before it, so no run is kept (set checkpointEvery to keep one)';
  const named = new StudioError('runtime', `${err.detail}; ${kept}`, made.ids[err.run]);
  log(named.message);
  return runs.length ? new FailedWithPartial(named, { runs, resumed: made.createdAt !== undefined }) : named;
}

/** The step of the trainer state saved in `dir`, or null when none is there. */
async function savedStep(dir: string): Promise<number | null> {
  const exists = await fs.access(path.join(dir, TRAINER_STATE_JSON)).then(() => true, () => false);
  return exists ? (await loadTrainerState(dir)).json.step : null;
}

/** Live metrics for the progress bar: the run's own names, prefixed `<i>.` in a sweep. */
function progressMetrics(lines: Record<string, number>[][]): Record<string, number> {
  const pick = (m: Record<string, number> | undefined, prefix: string) => Object.fromEntries(['loss', 'l0', 'fvu', 'deadFraction'].filter((k) => m?.[k] !== undefined).map((k) => [`${prefix}${k}`, m![k]]));
  return lines.length === 1 ? pick(lines[0].at(-1), '') : Object.assign({}, ...lines.map((l, i) => pick(l.at(-1), `${i}.`)));
}

function runInfo(made: Made, i: number, steps: number, final: Record<string, number> | null, evaluated: boolean, status: 'complete' | 'cancelled'): RunInfo {
  const { p, configs, ids } = made;
  const config = configs[i];
  return {
    id: ids[i],
    name: configs.length === 1 ? p.name : `${p.name} (${config.arch}, ${ids[i]})`,
    createdAt: made.createdAt ?? new Date().toISOString(),
    origin: 'trained',
    datasetId: p.datasetId,
    arch: config.arch,
    saved: archEntry(config.arch).saved,
    dIn: made.dIn,
    dSae: config.width,
    steps,
    status,
    plannedSteps: config.steps,
    ...(made.provider ? { provider: made.provider } : {}),
    config: { ...config },
    final,
    evaluated,
  };
}

/** Copies a committed run into the job's folder so training continues from its trainer state. */
async function copyRunForResume(projectDir: string, id: string, into: string): Promise<{ info: RunInfo; metrics: Record<string, number>[] }> {
  const from = runDir(projectDir, id);
  const info = await readRunInfo(from);
  if (info.origin !== 'trained') throw new StudioError('bad-input', 'an imported SAE has no trainer state to resume', 'resumeRunId');
  await fs.cp(from, into, { recursive: true });
  return { info, metrics: await readRunMetrics(into) };
}

/** Moves each run folder into runs/<id>/ (replacing the resumed one) and lists new runs in the manifest. */
async function commitRuns({ project, workDir }: CommitContext, result: TrainSaeResult): Promise<void> {
  project.assertWritable();
  for (const run of result.runs) {
    const listed = project.manifest.runs.some((r) => r.id === run.id);
    if (listed && !result.resumed) throw new StudioError('conflict', `a run "${run.id}" already exists`, run.id);
    const target = runDir(project.dir, run.id);
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (listed) {
      const old = `${target}.replaced`;
      await fs.rename(target, old);
      await fs.rename(path.join(workDir, run.id), target);
      await fs.rm(old, { recursive: true, force: true });
    } else {
      await fs.rename(path.join(workDir, run.id), target);
      await project.update((m) => void m.runs.push({ id: run.id, name: run.name, createdAt: run.createdAt }));
    }
  }
}
