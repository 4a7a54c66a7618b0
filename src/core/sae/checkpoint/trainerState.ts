import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { writeJsonAtomic } from '../../io/atomic';
import { type F32Tensor, readSafetensors, writeSafetensors } from '../../data/safetensors';
import { TRAINER_STATE_JSON, TRAINER_STATE_TENSORS } from './files';
import { readJsonFile } from './saelens';

/**
 * Resume state, kept apart from the weights (as SAELens keeps `trainer_state.pt` apart):
 * optimizer moments and other per-parameter tensors in `trainer_state.safetensors`, the
 * step, the data cursor and the RNG state in `trainer_state.json`.
 */
export const TrainerStateJson = z.object({
  step: z.number().int().nonnegative(),
  /** position in the activation store's row stream (ActivationStore.batches `startRow`) */
  dataCursor: z.number().int().nonnegative(),
  /** Rng.state() of the trainer's generator */
  rng: z.array(z.number().int()).length(4),
  /** names of the tensors saved beside, so a torn pair of files is detected */
  tensors: z.array(z.string()),
  /** anything else a trainer needs (schedules, dead-feature counters, threshold EMAs) */
  extra: z.record(z.string(), z.unknown()).default({}),
});
export type TrainerStateJson = z.infer<typeof TrainerStateJson>;

export interface TrainerState {
  json: Omit<TrainerStateJson, 'tensors'>;
  tensors: Record<string, F32Tensor>;
}

/** Tensors first, JSON last: the JSON names the tensors, so a crash between the two is detected on load. */
export async function saveTrainerState(dir: string, state: TrainerState): Promise<void> {
  await writeSafetensors(path.join(dir, TRAINER_STATE_TENSORS), state.tensors);
  await writeJsonAtomic(path.join(dir, TRAINER_STATE_JSON), { ...state.json, tensors: Object.keys(state.tensors) });
}

export async function loadTrainerState(dir: string): Promise<TrainerState> {
  const jsonFile = path.join(dir, TRAINER_STATE_JSON);
  const parsed = TrainerStateJson.safeParse(await readJsonFile(jsonFile));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StudioError('bad-file', issue.message, `${jsonFile}: ${issue.path.join('.')}`);
  }
  const tensorsFile = path.join(dir, TRAINER_STATE_TENSORS);
  const { tensors } = await readSafetensors(tensorsFile);
  const names = Object.keys(tensors).sort();
  if (names.join('\n') !== [...parsed.data.tensors].sort().join('\n')) {
    throw new StudioError('bad-file', `holds tensors [${names.join(', ')}] but ${TRAINER_STATE_JSON} lists [${parsed.data.tensors.join(', ')}]`, tensorsFile);
  }
  const { tensors: _names, ...json } = parsed.data;
  return { json, tensors };
}
