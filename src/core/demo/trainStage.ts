/**
 * The sweep stage: the demo's configs trained side by side by the SAE trainer's `fit` (one
 * pass over the data feeds every run), then each run saved as a project run folder:
 * config.json, SAELens cfg.json + sae_weights.safetensors, metrics.jsonl.
 */
import path from 'node:path';
import type { ActivationStore } from '../data/store';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { saveSaeLens } from '../sae/checkpoint/saelens';
import type { Sae } from '../sae/checkpoint/sae';
import { parseTrainConfig, type TrainConfig } from '../sae/train/config';
import { fit } from '../sae/train/fit';
import { storeSource } from '../sae/train/source';
import type { StepMetrics } from '../sae/train/trainer';
import type { StageReporter } from './progress';
import type { DemoPlan } from './sizes';
import { demoSweep, type SweepEntry } from './sweep';

export interface TrainedRun {
  id: string;
  entry: SweepEntry;
  config: TrainConfig;
  sae: Sae;
  /** the last logged step's metrics (training batch) */
  last: StepMetrics;
}

const RMS_SAMPLE_ROWS = 4096;
/** Short runs need a larger step than SAELens's 3e-4 default to converge in a few hundred steps. */
const LEARNING_RATE = 2e-3;

export async function trainSweep(project: Project, store: ActivationStore, plan: DemoPlan, opts: { seed: number; threads: number; signal?: AbortSignal; stage: StageReporter }): Promise<TrainedRun[]> {
  const d = store.dims;
  const sweep = demoSweep(plan, await centredRms(store, opts.seed), d);
  const configs = sweep.map((e) =>
    parseTrainConfig({
      arch: e.arch, archConfig: e.archConfig, width: plan.widthFactor * d, batchSize: plan.batchSize, steps: plan.steps,
      lr: LEARNING_RATE, whitening: e.whitening, seed: opts.seed, logEvery: Math.max(1, Math.floor(plan.steps / 20)),
    }),
  );
  const logs: StepMetrics[][] = configs.map(() => []);
  const result = await fit(configs, storeSource(store, opts.seed), {
    threads: opts.threads,
    signal: opts.signal,
    onMetrics: (m, i) => {
      logs[i].push(m);
      if (i === configs.length - 1) opts.stage.update(m.step, plan.steps);
    },
  });
  const taken = new Set(project.manifest.runs.map((r) => r.id));
  const runs: TrainedRun[] = [];
  for (let i = 0; i < configs.length; i++) {
    const id = newEntryId(sweep[i].name, taken);
    taken.add(id);
    const dir = path.join(project.dir, 'runs', id);
    await saveSaeLens(dir, result.saes[i], { ...configs[i] });
    await writeJsonAtomic(path.join(dir, 'config.json'), configs[i]);
    await writeFileAtomic(path.join(dir, 'metrics.jsonl'), logs[i].map((m) => `${JSON.stringify(m)}\n`).join(''));
    runs.push({ id, entry: sweep[i], config: configs[i], sae: result.saes[i], last: result.last[i] });
  }
  await project.update((m) => {
    const now = new Date().toISOString();
    for (const r of runs) m.runs.push({ id: r.id, name: r.entry.name, createdAt: now });
  });
  return runs;
}

/** √(mean squared deviation from the column means) of a train sample: the data's scale per dimension. */
async function centredRms(store: ActivationStore, seed: number): Promise<number> {
  const d = store.dims;
  const x = await store.sample(Math.min(RMS_SAMPLE_ROWS, store.splitRange('train')[1]), { split: 'train', seed });
  const rows = x.length / d;
  const mean = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / rows;
  let ss = 0;
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) ss += (x[r * d + j] - mean[j]) ** 2;
  return Math.sqrt(ss / (rows * d));
}
