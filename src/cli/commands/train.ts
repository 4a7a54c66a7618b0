import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { RunEval, RunInfo } from '../../shared/schemas/run';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';
import { readRunConfigFile, readSweepFile } from '../../core/sae/train/configFile';
import { inProject, projectOption } from '../project';

const FLAG_FIELDS = ['arch', 'width', 'k', 'whiten', 'steps', 'batch', 'lr', 'arch-config'];

/** `--config FILE` (one run) or `--sweep FILE` (several from one pass): the file is the config. */
async function trainFromFile(values: Record<string, unknown>, projectDir: string, json: boolean) {
  const [option, file] = str(values.config) !== undefined ? ['config', str(values.config)!] : ['sweep', str(values.sweep)!];
  if (str(values.config) !== undefined && str(values.sweep) !== undefined) throw new StudioError('bad-input', 'give --config or --sweep, not both', '--sweep');
  const flag = FLAG_FIELDS.find((f) => str(values[f]) !== undefined);
  if (flag) throw new StudioError('bad-input', `--${flag} cannot be combined with --${option}: set it in the file`, `--${flag}`);
  const spec = option === 'config' ? await readRunConfigFile(path.resolve(file)) : await readSweepFile(path.resolve(file));
  const datasetId = str(values.dataset) ?? spec.dataset;
  if (!datasetId) throw new StudioError('bad-input', `name the dataset with --dataset ID or a "dataset" key in ${file}`, '--dataset');
  return inProject(projectDir, async (studio, project) => {
    const first = spec.configs[0];
    const name = str(values.name) ?? spec.name ?? (spec.configs.length > 1 ? `sweep ${path.basename(file).replace(/\.[^.]+$/, '')}` : `${String(first.arch)} ${String(first.width)}`);
    const { jobId } = await studio.trainSae({ projectDir: project.dir, datasetId, name, configs: spec.configs, evaluate: false });
    const job = await followJob(studio, jobId, json);
    const runs = (job.result as { runs: RunInfo[] }).runs;
    const results: { run: RunInfo; eval: RunEval }[] = [];
    for (const info of runs) results.push({ run: info, eval: await studio.evaluateRun({ projectDir: project.dir, runId: info.id }) });
    const lines = results.map(({ run, eval: ev }) => `trained runs/${run.id} (${run.arch}, ${run.dIn} → ${run.dSae}, ${run.steps} steps): ${describeEval(ev)}`);
    return { result: spec.configs.length > 1 ? { runs: results } : results[0], text: lines.join('\n') };
  });
}

/** A positive number option, or undefined when absent; a bad value names the option. */
export function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = str(values[name]);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new StudioError('bad-input', `--${name} must be a positive number, got "${raw}"`, `--${name}`);
  return n;
}

function jsonOption(values: Record<string, unknown>, name: string): Record<string, unknown> {
  const raw = str(values[name]);
  if (raw === undefined) return {};
  try {
    const v = JSON.parse(raw) as unknown;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new StudioError('bad-input', `--${name} must be a JSON object`, `--${name}`);
}

export function describeEval(ev: RunEval): string {
  const mmcs = ev.mmcs === null ? '' : `, MMCS ${ev.mmcs.toFixed(3)}`;
  const ce = typeof ev.ceLossRecovered === 'number' ? `, CE loss recovered ${ev.ceLossRecovered.toFixed(3)}` : '';
  const k1 = ev.sparseProbingMean?.k1;
  const probe = typeof k1 === 'number' ? `, sparse probe k=1 ${k1.toFixed(3)} (raw ${ev.sparseProbingRawMean?.k1?.toFixed(3) ?? '—'})` : '';
  const absorption = ev.absorption ? `, absorption ${ev.absorption.fraction.toFixed(3)} over ${ev.absorption.tasks} tasks` : '';
  return `L0 ${ev.l0.toFixed(2)}, FVU ${ev.fvu.toFixed(4)}, cos ${ev.cossim.toFixed(3)}, dead ${(100 * ev.deadFraction).toFixed(1)}%${mmcs}${ce}${probe}${absorption}`;
}

export const trainCommand: CliCommand = {
  summary: 'Train an SAE on a dataset (architectures: relu, l1, topk, batchtopk, jumprelu, gated, panneal, atm)',
  usage:
    'feature-studio train --project DIR --dataset ID --arch topk --width 4096 [--k 32] [--whiten pca|zca] [--steps N] [--batch B] [--lr LR] [--arch-config JSON] [--name NAME] [--json]\n' +
    '       feature-studio train --project DIR --config run.json|run.yaml [--dataset ID] [--name NAME] [--json]   (one run; the file holds the config, and may name dataset and name)\n' +
    '       feature-studio train --project DIR --sweep sweep.yaml [--dataset ID] [--name NAME] [--json]   (base + grid and/or runs: docs/formats.md)',
  options: {
    project: { type: 'string', short: 'p' },
    dataset: { type: 'string' },
    arch: { type: 'string' },
    width: { type: 'string' },
    k: { type: 'string' },
    whiten: { type: 'string' },
    steps: { type: 'string' },
    batch: { type: 'string' },
    lr: { type: 'string' },
    'arch-config': { type: 'string' },
    name: { type: 'string' },
    config: { type: 'string' },
    sweep: { type: 'string' },
  },
  async run({ values, json }) {
    const projectDir = projectOption(values);
    if (str(values.config) !== undefined || str(values.sweep) !== undefined) return trainFromFile(values, projectDir, json);
    const datasetId = str(values.dataset);
    if (!datasetId) throw new StudioError('bad-input', '--dataset ID is required', '--dataset');
    const whiten = str(values.whiten);
    if (whiten !== undefined && whiten !== 'pca' && whiten !== 'zca') throw new StudioError('bad-input', `--whiten must be pca or zca, got "${whiten}"`, '--whiten');
    const archConfig = jsonOption(values, 'arch-config');
    const k = numberOption(values, 'k');
    if (k !== undefined) archConfig.k = k;
    const config: Record<string, unknown> = {
      arch: str(values.arch) ?? 'topk',
      width: numberOption(values, 'width') ?? 4096,
      archConfig,
      whitening: whiten ? { kind: whiten } : null,
    };
    for (const [option, field] of [['steps', 'steps'], ['batch', 'batchSize'], ['lr', 'lr']] as const) {
      const v = numberOption(values, option);
      if (v !== undefined) config[field] = v;
    }
    return inProject(projectDir, async (studio, project) => {
      const { jobId } = await studio.trainSae({ projectDir: project.dir, datasetId, name: str(values.name) ?? `${String(config.arch)} ${String(config.width)}`, configs: [config], evaluate: false });
      const job = await followJob(studio, jobId, json);
      const [info] = (job.result as { runs: RunInfo[] }).runs;
      // Evaluated here rather than in the job, so the metrics come back without reading the run folder.
      const ev = await studio.evaluateRun({ projectDir: project.dir, runId: info.id });
      return { result: { run: info, eval: ev }, text: `trained runs/${info.id} (${info.arch}, ${info.dIn} → ${info.dSae}, ${info.steps} steps): ${describeEval(ev)}` };
    });
  },
};
