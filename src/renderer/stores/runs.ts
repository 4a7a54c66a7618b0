import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { MethodResult } from '../../shared/api';
import type { RunEval, RunInfo } from '../../shared/schemas/run';
import type { TrainingPoint } from '../../shared/charts/trainingCurves';
import { api } from '../bridge';
import { addProgressPoint } from '../runs/curves';
import { useJobs } from './jobs';

export type Architectures = MethodResult<'listArchitectures'>;

/** The live-training kind's name in the core's job registry. */
export const TRAIN_KIND = 'train-sae';
/** TrainConfig's batchSize default (src/core/sae/train/config.ts), for configs that leave it out */
const DEFAULT_BATCH = 1024;

/**
 * Runs of the open project, the architecture registry (for the new-run form) and the live
 * curves of training jobs: every progress event of a `train-sae` job adds one point per run
 * (a sweep reports its runs' metrics as `<i>.name`), kept from the first event seen.
 */
export const useRuns = defineStore('runs', () => {
  const jobs = useJobs();
  const list = ref<RunInfo[]>([]);
  const loaded = ref(false);
  /** each evaluated run's held-out measurement (eval.json), the one number per metric every screen shows */
  const evals = ref(new Map<string, RunEval>());
  const architectures = ref<Architectures | null>(null);
  const curves = ref(new Map<string, TrainingPoint[][]>());
  /** rows per step of the training jobs started here (tokens/s = steps/s × this) */
  const batchSizes = ref(new Map<string, number>());
  let listening = false;

  async function load(dir: string) {
    const runs = await api.listRuns({ projectDir: dir });
    const measured = await Promise.all(runs.filter((r) => r.evaluated).map(async (r) => [r.id, await api.getRunEval({ projectDir: dir, runId: r.id })] as const));
    evals.value = new Map(measured.filter((m): m is readonly [string, RunEval] => m[1] !== null));
    list.value = runs;
    loaded.value = true;
  }
  async function loadArchitectures() {
    architectures.value ??= await api.listArchitectures({});
  }

  function record(jobId: string, step: number, metrics: Record<string, number>) {
    const runs = curves.value.get(jobId) ?? [];
    addProgressPoint(runs, step, metrics);
    curves.value.set(jobId, runs);
  }
  function listen() {
    if (listening) return;
    listening = true;
    api.on('jobUpdate', (job) => {
      if (job.kind === TRAIN_KIND && job.progress) record(job.id, job.progress.step, job.progress.metrics);
    });
  }

  async function train(dir: string, datasetId: string, name: string, configs: Record<string, unknown>[]) {
    listen();
    const { jobId } = await api.trainSae({ projectDir: dir, datasetId, name, configs });
    batchSizes.value.set(jobId, Number(configs[0].batchSize ?? DEFAULT_BATCH));
    await jobs.track(jobId);
    return jobId;
  }
  /** Continues a trained run from its saved trainer state up to `steps`. */
  async function resume(dir: string, run: RunInfo, steps: number) {
    listen();
    const { jobId } = await api.trainSae({ projectDir: dir, datasetId: run.datasetId!, name: run.name, configs: [{ ...run.config, steps }], resumeRunId: run.id, evaluate: true });
    batchSizes.value.set(jobId, Number(run.config?.batchSize ?? DEFAULT_BATCH));
    await jobs.track(jobId);
    return jobId;
  }

  return {
    list: computed(() => list.value),
    loaded: computed(() => loaded.value),
    evals: computed(() => evals.value),
    architectures: computed(() => architectures.value),
    curves: computed(() => curves.value),
    batchSizes: computed(() => batchSizes.value),
    load,
    loadArchitectures,
    listen,
    train,
    resume,
  };
});
