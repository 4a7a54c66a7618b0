import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { RewardModelInfo } from '../../../shared/schemas/reward';
import { ENTRY_ID_PATTERN, newEntryId } from '../../project/ids';
import { readPreferencePairs, type PreferencePair } from '../../models/reward/pairs';
import { textModelPairStates, middleLayer } from '../../models/reward/text-states';
import { TEXT_MODEL_DIR, loadModelDir } from '../../games/lm/shipped';
import { readPairStates, type PairStates } from '../../models/reward/states';
import { saveRewardModel } from '../../models/reward/store';
import { RewardConfig, trainRewardModel } from '../../models/reward/train';
import { HH_RLHF_SAMPLE_FILE, REWARD_SAMPLE_PLANS } from '../../models/reward/sample';
import { standardiseRows } from '../../models/reward/standardise';
import { defineJobKind, type CommitContext, type JobContext } from '../kind';
import { commitModelFolder } from './commit-model';

const Params = z
  .object({
    name: z.string().min(1).optional(),
    id: z.string().regex(ENTRY_ID_PATTERN).optional(),
    /** preference pairs, JSONL (prompt/chosen/rejected, or HH-RLHF transcripts) */
    pairs: z.string().min(1).optional(),
    /** the shipped HH-RLHF pairs read by the built-in text model at this size; pairs, states and the SAE's size are then set by the plan */
    sample: z.enum(['tiny', 'small']).optional(),
    /** hidden states [pairs, 2, d] (.npy or .safetensors) from the analyst's own model; without them, the built-in text model reads the pairs */
    states: z.string().min(1).optional(),
    /** the built-in text model's block to read (default the middle of the stack) */
    layer: z.number().int().nonnegative().optional(),
    /** read only the first this many pairs of the file */
    maxPairs: z.number().int().positive().optional(),
    /** the safetensors tensor holding them */
    tensor: z.string().min(1).optional(),
    config: RewardConfig.default(RewardConfig.parse({})),
  })
  .strict()
  .refine((p) => p.sample !== undefined || p.pairs !== undefined, { message: 'name a pairs file, or the shipped sample', path: ['pairs'] })
  .transform((p) => {
    if (!p.sample) return { ...p, pairs: p.pairs ?? HH_RLHF_SAMPLE_FILE };
    const plan = REWARD_SAMPLE_PLANS[p.sample];
    return { ...p, pairs: HH_RLHF_SAMPLE_FILE, states: undefined, tensor: undefined, maxPairs: plan.pairs, config: { ...p.config, width: plan.width, k: plan.k, saeSteps: plan.steps, headSteps: plan.steps } };
  });
type Params = z.output<typeof Params>;

const STAGES = ['sae', 'head', 'topkHead', 'denseHead', 'score'] as const;
const STAGE_TITLES: Record<(typeof STAGES)[number], string> = { sae: 'training the SAE', head: 'fitting the head', topkHead: 'fitting the post-TopK baseline', denseHead: 'fitting the dense baseline', score: 'scoring held-out pairs' };

/**
 * Trains an interpretable reward model (SARM, ALGORITHMS-DETAIL §7) on preference pairs and
 * their hidden states, with its baselines, into models/<id>/.
 */
export const trainRewardModelKind = defineJobKind({
  kind: 'train-reward-model',
  doc: 'Train a reward model over SAE features (SARM): a TopK SAE on the responses\' hidden states, a Bradley–Terry head on its features, and dense, length and post-TopK baselines; saves models/<id>/.',
  params: Params,
  result: RewardModelInfo,
  pathParams: ['pairs', 'states'],
  title: (p) => `Train reward model: ${p.config.width} features, φ = ${p.config.phi === 'pre' ? 'pre-activations' : 'TopK'}`,
  async run(ctx) {
    const p = ctx.params;
    const file = await readPreferencePairs(p.pairs);
    const pairs = p.maxPairs === undefined ? file.pairs : file.pairs.slice(0, p.maxPairs);
    const skipped = p.maxPairs === undefined ? file.skipped : file.skipped.filter((s) => s.row <= lastRowRead(p.maxPairs!, file.skipped));
    if (p.maxPairs !== undefined && p.states !== undefined) throw new StudioError('bad-input', 'imported states cover the whole pairs file: leave maxPairs out', 'maxPairs');
    skipped.slice(0, 20).forEach((s) => ctx.log(`left out line ${s.line} of ${path.basename(p.pairs)}: ${s.reason}`, 'warn'));
    ctx.log(`${pairs.length} pairs from ${path.basename(p.pairs)}${skipped.length ? `, ${skipped.length} left out` : ''}`);
    const states = await statesFor(ctx, pairs, skipped.map((s) => s.row));
    const result = await trainRewardModel(pairs, states, p.config, {
      signal: ctx.signal,
      onStage: progressOf(ctx, p.config),
    });
    const name = p.name ?? `Reward model on ${path.basename(p.pairs)}`;
    const id = p.id ?? newEntryId(name);
    const info: RewardModelInfo = {
      kind: 'reward',
      id,
      name,
      createdAt: new Date().toISOString(),
      pairsFile: path.basename(p.pairs),
      states: states.source,
      pairs: pairs.length,
      skipped,
      d: states.d,
      width: p.config.width,
      k: p.config.k,
      phi: p.config.phi,
      mode: p.config.mode,
      config: p.config,
      models: result.models,
      saeRec: Number.isFinite(result.saeRec) ? result.saeRec : null,
      testPairs: result.split.test.length,
      seconds: result.seconds,
    };
    for (const [model, r] of Object.entries(result.models)) ctx.log(`${model}: held-out pairwise accuracy ${(100 * r.accuracy).toFixed(1)}% [${(100 * r.accuracyLow).toFixed(1)}, ${(100 * r.accuracyHigh).toFixed(1)}]`);
    await saveRewardModel(path.join(ctx.workDir, id), { info, sae: result.sae, w: result.w, wDense: result.wDense, wTopk: result.wTopk, states: standardiseRows(states.last, states.d), pairs, split: result.split });
    return info;
  },
  commit: commitRewardModel,
});

/**
 * Imported states may hold a row for every record of the pairs file, the unusable ones
 * included: then the rows of the pairs the reader left out are dropped too.
 */
async function statesFor(ctx: JobContext<Params>, pairs: PreferencePair[], skippedRows: number[]): Promise<PairStates> {
  const p = ctx.params;
  if (p.states === undefined) {
    const { model } = await loadModelDir(TEXT_MODEL_DIR);
    const layer = p.layer ?? middleLayer(model);
    if (layer >= model.config.gpt.layers) throw new StudioError('bad-input', `the text model has blocks 0–${model.config.gpt.layers - 1}`, 'layer');
    ctx.log(`reading ${pairs.length} pairs with the built-in text model at block ${layer}`);
    return textModelPairStates(model, pairs, layer, { signal: ctx.signal });
  }
  try {
    return await readPairStates(p.states, pairs.length, p.tensor);
  } catch (err) {
    if (!(err instanceof StudioError) || err.code !== 'shape' || skippedRows.length === 0) throw err;
    const all = await readPairStates(p.states, pairs.length + skippedRows.length, p.tensor);
    ctx.log(`the states hold a row for every line: dropping the ${skippedRows.length} left out`);
    return dropPairs(all, new Set(skippedRows));
  }
}

/** The record (row) of the file that holds the n-th pair kept, given the rows left out. */
function lastRowRead(n: number, skipped: readonly { row: number }[]): number {
  let row = n - 1;
  for (const s of [...skipped].sort((a, b) => a.row - b.row)) if (s.row <= row) row++;
  return row;
}

function dropPairs(s: PairStates, drop: ReadonlySet<number>): PairStates {
  const keep = Array.from({ length: s.pairs }, (_, i) => i).filter((i) => !drop.has(i));
  const last = new Float32Array(keep.length * 2 * s.d);
  keep.forEach((p, i) => last.set(s.last.subarray(p * 2 * s.d, (p + 1) * 2 * s.d), i * 2 * s.d));
  return { ...s, pairs: keep.length, last };
}

function progressOf(ctx: JobContext<Params>, config: RewardConfig) {
  const weights = { sae: config.saeSteps, head: config.headSteps, topkHead: config.headSteps, denseHead: config.headSteps, score: Math.max(1, config.headSteps / 10) };
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  let current = '';
  return (stage: string, done: number, terms?: Record<string, number>) => {
    const i = STAGES.indexOf(stage as (typeof STAGES)[number]);
    if (i < 0) return;
    if (stage !== current) {
      current = stage;
      ctx.log(STAGE_TITLES[stage as (typeof STAGES)[number]]);
    }
    const before = STAGES.slice(0, i).reduce((s, st) => s + weights[st], 0);
    const metrics = terms ? Object.fromEntries(Object.entries(terms).filter(([, v]) => Number.isFinite(v))) : undefined;
    ctx.progress(Math.round(before + done * weights[stage as (typeof STAGES)[number]]), Math.round(total), { unit: 'steps', metrics });
  };
}

async function commitRewardModel({ project, workDir }: CommitContext, result: RewardModelInfo): Promise<void> {
  await commitModelFolder(project, workDir, result);
}
