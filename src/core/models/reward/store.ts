import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { RewardModelInfo } from '../../../shared/schemas/reward';
import { readSafetensors, writeSafetensors } from '../../data/safetensors';
import { writeJsonAtomic } from '../../io/atomic';
import type { PreferencePair } from './pairs';
import type { SarmSae } from './sarm';

/** The files of a reward model's folder (models/<id>/). */
export const REWARD_FILES = {
  info: 'reward.json',
  sae: 'sae.safetensors',
  heads: 'heads.safetensors',
  /** the standardised last-token states [pairs, 2, d], so edits and attributions need no re-extraction */
  states: 'states.safetensors',
  pairs: 'pairs.jsonl',
  split: 'split.json',
} as const;

export interface RewardModelFiles {
  info: RewardModelInfo;
  sae: SarmSae;
  w: Float32Array;
  wDense: Float32Array;
  wTopk: Float32Array;
  /** standardised, [pairs·2, d] */
  states: Float32Array;
  pairs: PreferencePair[];
  split: { train: number[]; test: number[] };
}

export async function saveRewardModel(dir: string, m: RewardModelFiles): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const { d, m: width } = m.sae;
  await writeSafetensors(path.join(dir, REWARD_FILES.sae), {
    E: { shape: [d, width], data: m.sae.E },
    b_pre: { shape: [d], data: m.sae.bPre },
    b_lat: { shape: [width], data: m.sae.bLat },
    D: { shape: [width, d], data: m.sae.D },
  }, { k: String(m.sae.k) });
  await writeSafetensors(path.join(dir, REWARD_FILES.heads), { w: { shape: [width], data: m.w }, w_dense: { shape: [d], data: m.wDense }, w_topk: { shape: [width], data: m.wTopk } });
  await writeSafetensors(path.join(dir, REWARD_FILES.states), { states: { shape: [m.pairs.length, 2, d], data: m.states } });
  await fs.writeFile(path.join(dir, REWARD_FILES.pairs), m.pairs.map((p) => JSON.stringify(p)).join('\n') + '\n');
  await writeJsonAtomic(path.join(dir, REWARD_FILES.split), m.split);
  // written last: a folder with reward.json is complete
  await writeJsonAtomic(path.join(dir, REWARD_FILES.info), m.info);
}

export async function readRewardInfo(dir: string): Promise<RewardModelInfo> {
  const file = path.join(dir, REWARD_FILES.info);
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new StudioError('not-found', 'this model is not a reward model', file);
    throw new StudioError('bad-file', 'reward.json is not valid JSON', file);
  }
  const parsed = RewardModelInfo.safeParse(raw);
  if (!parsed.success) throw new StudioError('bad-file', `reward.json is invalid: ${parsed.error.issues[0].message}`, `${file}: ${parsed.error.issues[0].path.join('.')}`);
  return parsed.data;
}

export async function loadRewardModel(dir: string): Promise<RewardModelFiles> {
  const info = await readRewardInfo(dir);
  const sae = await readSafetensors(path.join(dir, REWARD_FILES.sae));
  const heads = await readSafetensors(path.join(dir, REWARD_FILES.heads));
  const states = await readSafetensors(path.join(dir, REWARD_FILES.states));
  const t = sae.tensors;
  const pairs = (await fs.readFile(path.join(dir, REWARD_FILES.pairs), 'utf8')).split('\n').filter(Boolean).map((l) => JSON.parse(l) as PreferencePair);
  const split = JSON.parse(await fs.readFile(path.join(dir, REWARD_FILES.split), 'utf8')) as { train: number[]; test: number[] };
  return {
    info,
    sae: { d: info.d, m: info.width, k: info.k, E: t.E.data, bPre: t.b_pre.data, bLat: t.b_lat.data, D: t.D.data },
    w: heads.tensors.w.data,
    wDense: heads.tensors.w_dense.data,
    wTopk: heads.tensors.w_topk.data,
    states: states.tensors.states.data,
    pairs,
    split,
  };
}
