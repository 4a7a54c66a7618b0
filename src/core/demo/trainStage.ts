/**
 * The sweep stage: the demo's configs trained side by side by the SAE trainer's `fit` (one
 * pass over the data feeds every run) straight into project run folders in the app's format
 * (sae/run/folder.ts): SAELens cfg.json + sae_weights.safetensors and trainer state written by
 * `fit`, then metrics.jsonl and config.json (RunInfo).
 */
import type { ActivationStore } from '../data/store';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { archEntry } from '../sae/arch/registry';
import type { Sae } from '../sae/checkpoint/sae';
import { type RunInfo } from '../../shared/schemas/run';
import { runDir, writeRunInfo, writeRunMetrics } from '../sae/run/folder';
import { parseTrainConfig, type TrainConfig } from '../sae/train/config';
import { fit } from '../sae/train/fit';
import { storeSource } from '../sae/train/source';
import type { StepMetrics } from '../sae/train/trainerOptions';
import type { DemoPlan } from './sizes';
import { demoSweep, type SweepEntry } from './sweep';

export interface TrainedRun {
  id: string;
  /** the run folder */
  dir: string;
  entry: SweepEntry;
  config: TrainConfig;
  sae: Sae;
  info: RunInfo;
}

const RMS_SAMPLE_ROWS = 4096;
/** Short runs need a larger step than SAELens's 3e-4 default to converge in a few hundred steps. */
const LEARNING_RATE = 2e-3;

/**
 * Trains the demo's sweep on `store` (or the entries `pick` keeps of it) into new run folders.
 * `progress` hears the SAE-steps done (steps × configs).
 */
export async function trainSweep(
  project: Project,
  store: ActivationStore,
  datasetId: string,
  plan: DemoPlan,
  opts: { seed: number; threads: number; signal?: AbortSignal; progress: (saeSteps: number) => void; pick?: (sweep: SweepEntry[]) => SweepEntry[] },
): Promise<TrainedRun[]> {
  const d = store.dims;
  const full = demoSweep(plan, await centredRms(store, opts.seed), d);
  const sweep = opts.pick ? opts.pick(full) : full;
  const configs = sweep.map((e) =>
    parseTrainConfig({
      arch: e.arch, archConfig: e.archConfig, width: plan.widthFactor * d, batchSize: plan.batchSize, steps: plan.steps,
      lr: LEARNING_RATE, whitening: e.whitening, seed: opts.seed, logEvery: Math.max(1, Math.floor(plan.steps / 20)),
    }),
  );
  const taken = new Set(project.manifest.runs.map((r) => r.id));
  const ids = sweep.map((e) => {
    const id = newEntryId(e.name, taken);
    taken.add(id);
    return id;
  });
  const dirs = ids.map((id) => runDir(project.dir, id));
  const logs: StepMetrics[][] = configs.map(() => []);
  let provider: string | undefined;
  const createdAt = new Date().toISOString();
  const result = await fit(configs, storeSource(store, opts.seed), {
    dirs,
    threads: opts.threads,
    signal: opts.signal,
    onCompiled: (p) => (provider = p),
    onMetrics: (m, i) => {
      logs[i].push(m);
      if (i === configs.length - 1) opts.progress(m.step * configs.length);
    },
  });
  const runs: TrainedRun[] = [];
  for (let i = 0; i < configs.length; i++) {
    const info: RunInfo = {
      id: ids[i], name: sweep[i].name, createdAt, origin: 'trained', datasetId, arch: configs[i].arch, saved: archEntry(configs[i].arch).saved,
      dIn: d, dSae: configs[i].width, steps: result.steps, status: 'complete', plannedSteps: configs[i].steps,
      ...(provider ? { provider } : {}), config: { ...configs[i] }, final: logs[i].at(-1) ?? null, evaluated: false,
    };
    await writeRunMetrics(dirs[i], logs[i]);
    await writeRunInfo(dirs[i], info);
    runs.push({ id: ids[i], dir: dirs[i], entry: sweep[i], config: configs[i], sae: result.saes[i], info });
  }
  await project.update((m) => {
    for (const r of runs) m.runs.push({ id: r.id, name: r.entry.name, createdAt });
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
