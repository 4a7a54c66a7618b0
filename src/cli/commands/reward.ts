import { StudioError } from '../../shared/errors';
import { REWARD_MODELS, REWARD_MODEL_TITLES, type RewardAccuracy, type RewardDomainScan, type RewardModelInfo, type RewardShift, type ShiftTarget } from '../../shared/schemas/reward';
import type { Studio } from '../../core/studio';
import { MIN_TARGET_COVERAGE } from '../../core/models/reward/candidates';
import { complementVerdict } from '../../core/models/reward/shift';
import { str, type CliCommand, type CommandOutput } from '../command';
import { followJob } from '../run-job';
import { numberOption } from '../args';
import { inProject, projectOption } from '../project';

const USAGE = [
  'feature-studio reward train --project P --pairs PAIRS.jsonl [--states STATES.npy|.safetensors [--tensor T] | --layer L] [--width 1024] [--k 32] [--phi pre|post] [--mode head|joint] [--l1 X] [--steps N] [--name N] [--json]',
  '       feature-studio reward eval --project P --model M [--json]',
  '       feature-studio reward shift --project P --model M --edit \'{"12": ["*", 2]}\' (--target-category C | --target-match REGEX) [--json]',
  '       feature-studio reward candidates --project P --model M (--target-category C | --target-match REGEX) [--json]',
  '       feature-studio reward domains --project P --model M [--json]',
  '       feature-studio reward report --project P --model M [--edit JSON (--target-category C | --target-match REGEX)] [--json]',
].join('\n');

/** What `reward train|eval --json` prints: each model's held-out accuracy and interval. */
export function rewardSummary(info: RewardModelInfo) {
  const pick = (r: RewardAccuracy) => ({ accuracy: r.accuracy, accuracyLow: r.accuracyLow, accuracyHigh: r.accuracyHigh, ...(r.byCategory ? { byCategory: r.byCategory } : {}) });
  return {
    model: info.id,
    models: Object.fromEntries(REWARD_MODELS.map((m) => [m, pick(info.models[m])])),
    phi: info.phi,
    testPairs: info.testPairs,
    seconds: info.seconds,
  };
}

export function rewardTable(info: RewardModelInfo): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const rows = REWARD_MODELS.map((m) => `${REWARD_MODEL_TITLES[m].padEnd(30)} ${pct(info.models[m].accuracy).padStart(6)}  [${pct(info.models[m].accuracyLow)}, ${pct(info.models[m].accuracyHigh)}]`);
  return [`held-out pairwise accuracy on ${info.testPairs} pairs (φ = ${info.phi === 'pre' ? 'pre-activations' : 'TopK'}):`, ...rows].join('\n');
}

export function shiftSummary(shift: RewardShift) {
  const g = (x: RewardShift['target']) => ({ chosenMeanDelta: x.chosenMeanDelta, rejectedMeanDelta: x.rejectedMeanDelta, chosenMeanAbsDelta: x.chosenMeanAbsDelta, rejectedMeanAbsDelta: x.rejectedMeanAbsDelta, pairs: x.pairs });
  return {
    target: g(shift.target),
    complement: g(shift.complement),
    complementRatio: shift.complementRatio,
    complementRatioBound: shift.complementRatioBound,
    nearlyUnchanged: shift.nearlyUnchanged,
    flips: shift.flips,
    targetRule: shift.targetRule,
    edits: shift.edits,
  };
}

export function shiftText(shift: RewardShift): string {
  const f = (x: number) => (x >= 0 ? '+' : '') + x.toFixed(4);
  return [
    `target (${shift.targetRule}): chosen ${f(shift.target.chosenMeanDelta)}, rejected ${f(shift.target.rejectedMeanDelta)} on average over ${shift.target.pairs} pairs`,
    `complement: chosen ${f(shift.complement.chosenMeanDelta)}, rejected ${f(shift.complement.rejectedMeanDelta)} over ${shift.complement.pairs} pairs`,
    `${shift.flips} pairs change their verdict`,
    complementVerdict(shift),
  ].join('\n');
}

/** The domain scan as a table: each domain's pick on the training pairs and its complement ratio on training, all and held-out pairs. */
export function domainScanText(scan: RewardDomainScan): string {
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));
  const rows = scan.domains.map((d) => {
    const head = `${d.id.padEnd(10)} ${String(d.pairs).padStart(5)}`;
    if (d.skipped || !d.train || !d.all || !d.heldOut) return `${head}  ${d.skipped ?? ''}`;
    const moved = `${d.heldOut.targetChosenMoved}/${d.heldOut.targetPairs}`;
    return `${head}  ${String(d.feature).padStart(7)}  ${f(d.train.complementRatio).padStart(8)}  ${f(d.all.complementRatio).padStart(5)}  ${f(d.heldOut.complementRatio).padStart(8)}  ${moved.padStart(8)}  ${d.holdsHeldOut ? 'yes' : 'no'}`;
  });
  const best = scan.domains.find((d) => d.id === scan.bestOnTraining);
  const verdict = best?.heldOut
    ? `best placed on the training pairs: ${best.id} (ratio ${f(best.train?.complementRatio)}); on the held-out pairs ${f(best.heldOut.complementRatio)}, ${best.holdsHeldOut ? 'confirmed' : 'NOT confirmed'}`
    : 'no topic domain could be measured';
  return [
    `× ${scan.edit[1]} on each domain's first candidate, picked on the training pairs; holds = held-out ratio ≤ ${scan.bound} with the feature firing on ≥ ${100 * scan.minCoverage}% of the held-out target's chosen answers`,
    'domain     pairs  feature  training    all  held-out  moved(h)  holds',
    ...rows,
    `${scan.holdHeldOut.length} of ${scan.domains.filter((d) => d.heldOut).length} measured domains hold on the held-out pairs; ${verdict}`,
  ].join('\n');
}

function targetOf(values: Record<string, unknown>): ShiftTarget {
  const category = str(values['target-category']);
  const match = str(values['target-match']);
  if ((category === undefined) === (match === undefined)) throw new StudioError('bad-input', 'name the target domain with exactly one of --target-category or --target-match', '--target-category');
  return category !== undefined ? { category } : { promptMatches: match! };
}


function editsOf(values: Record<string, unknown>): Record<string, ['+' | '*', number]> {
  const raw = str(values.edit);
  if (raw === undefined) throw new StudioError('bad-input', '--edit is required, e.g. \'{"12": ["*", 2]}\'', '--edit');
  try {
    return JSON.parse(raw) as Record<string, ['+' | '*', number]>;
  } catch {
    throw new StudioError('bad-input', 'the edit is not JSON; write e.g. {"12": ["*", 2]}', '--edit');
  }
}

export const rewardCommand: CliCommand = {
  summary: 'Reward model over SAE features (SARM): train, evaluate against baselines, shift preferences by editing features',
  usage: USAGE,
  options: {
    project: { type: 'string', short: 'p' },
    pairs: { type: 'string' },
    states: { type: 'string' },
    tensor: { type: 'string' },
    layer: { type: 'string' },
    width: { type: 'string' },
    k: { type: 'string' },
    phi: { type: 'string' },
    mode: { type: 'string' },
    l1: { type: 'string' },
    steps: { type: 'string' },
    name: { type: 'string' },
    model: { type: 'string' },
    edit: { type: 'string' },
    'target-category': { type: 'string' },
    'target-match': { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals, json }) {
    const sub = positionals[0];
    return inProject(projectOption(values), async (studio, { dir }) => {
      if (sub === 'train') return await train(studio, dir, values, json);
      const modelId = str(values.model);
      if (sub !== 'eval' && sub !== 'shift' && sub !== 'candidates' && sub !== 'domains' && sub !== 'report') throw new StudioError('bad-input', `reward takes train, eval, shift, candidates, domains or report, got "${sub ?? ''}"`, 'reward');
      if (!modelId) throw new StudioError('bad-input', '--model M is required', '--model');
      if (sub === 'eval') {
        const info = await studio.getRewardModel({ projectDir: dir, modelId });
        return { result: { ...rewardSummary(info), topPositive: info.topPositive, topNegative: info.topNegative }, text: rewardTable(info) };
      }
      if (sub === 'shift') {
        const shift = await studio.rewardShift({ projectDir: dir, modelId, edits: editsOf(values), target: targetOf(values) });
        return { result: shiftSummary(shift), text: shiftText(shift) };
      }
      if (sub === 'domains') {
        const scan = await studio.rewardDomains({ projectDir: dir, modelId });
        return { result: scan, text: domainScanText(scan) };
      }
      if (sub === 'report') {
        const shift = str(values.edit) === undefined ? undefined : { edits: editsOf(values), target: targetOf(values) };
        const files = await studio.exportRewardReport({ projectDir: dir, modelId, shift });
        return { result: files, text: `report: ${files.pdf}\ntable:  ${files.csv}` };
      }
      const candidates = await studio.rewardCandidates({ projectDir: dir, modelId, target: targetOf(values) });
      return { result: candidates, text: candidates.map((c) => `feature ${c.feature}: predicted complement ratio ${c.predictedRatio.toFixed(2)}, fires on ${(100 * c.coverage).toFixed(0)}% of the target's chosen answers, s ${c.s.toFixed(3)}, t ${c.t.toFixed(3)}, specificity ${c.specificity.toFixed(3)}, weight ${c.weight.toFixed(4)}`).join('\n') || `no feature with a positive weight separates chosen from rejected on the target more than on the rest (s > |t|) and fires on ${100 * MIN_TARGET_COVERAGE}% of the target's chosen answers` };
    });
  },
};

async function train(studio: Studio, projectDir: string, values: Record<string, unknown>, json: boolean): Promise<CommandOutput> {
  const pairs = str(values.pairs);
  const states = str(values.states);
  if (!pairs) throw new StudioError('bad-input', '--pairs FILE is required', '--pairs');
  const config: Record<string, unknown> = {};
  const set = (key: string, v: unknown) => v !== undefined && (config[key] = v);
  set('width', numberOption(values, 'width'));
  set('k', numberOption(values, 'k'));
  set('phi', str(values.phi));
  set('mode', str(values.mode));
  set('l1', numberOption(values, 'l1', { whole: false }));
  const steps = numberOption(values, 'steps');
  set('headSteps', steps);
  set('saeSteps', steps);
  const { jobId } = await studio.startJob({ projectDir, kind: 'train-reward-model', params: { pairs, states, tensor: str(values.tensor), layer: numberOption(values, 'layer'), name: str(values.name), config } });
  const job = await followJob(studio, jobId, json);
  const info = job.result as RewardModelInfo;
  return { result: rewardSummary(info), text: `${rewardTable(info)}\nmodel: models/${info.id}` };
}
