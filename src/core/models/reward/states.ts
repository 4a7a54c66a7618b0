import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { openNpy } from '../../data/npy';
import { openSafetensorsMatrix, readSafetensorsHeader } from '../../data/safetensors';
import type { MatrixSource } from '../../data/matrix';

/**
 * Hidden states for preference pairs: the last token of each response, `last[(p·2 + side)·d …]`
 * with side 0 = chosen, 1 = rejected; optionally per-token states over the responses for the
 * SAE's reconstruction term (`tokens`, rows of d, each row's pair and side in `tokenPair`/`tokenSide`).
 */
export interface PairStates {
  pairs: number;
  d: number;
  last: Float32Array;
  tokens: { rows: Float32Array; pair: Int32Array; side: Uint8Array } | null;
  /** where they came from, for the report */
  source: string;
}

const STATE_NAMES = ['states', 'hidden_states', 'last'];

/**
 * Reads `[pairs, 2, d]` last-token states from `.npy` or `.safetensors` (the tensor named by
 * `tensor`, else `states`/`hidden_states`/`last`, else the file's only tensor) — the case of an
 * analyst who dumped states from their own reward model elsewhere. The shape, the pair count and
 * every value are checked; an error names the file, the tensor and the pair.
 */
export async function readPairStates(file: string, expectedPairs: number, tensor?: string): Promise<PairStates> {
  const ext = path.extname(file).toLowerCase();
  let shape: number[];
  let source: MatrixSource;
  let where = file;
  if (ext === '.npy') {
    const npy = await openNpy(file);
    shape = npy.header.shape;
    source = npy;
  } else if (ext === '.safetensors') {
    const header = await readSafetensorsHeader(file);
    const names = Object.keys(header.tensors);
    const name = tensor ?? STATE_NAMES.find((n) => names.includes(n)) ?? (names.length === 1 ? names[0] : undefined);
    if (!name) throw new StudioError('bad-input', `name the tensor that holds the states (--tensor); the file has ${names.join(', ')}`, file);
    if (!header.tensors[name]) throw new StudioError('not-found', `no tensor named ${name}`, file);
    shape = header.tensors[name].shape;
    where = `${file}: ${name}`;
    source = await openSafetensorsMatrix(file, name);
  } else {
    throw new StudioError('unsupported', `states must be .npy or .safetensors, got "${ext || 'no extension'}"`, file);
  }
  try {
    if (shape.length !== 3 || shape[1] !== 2) throw new StudioError('shape', `states must have shape [pairs, 2, d] (chosen, rejected), got [${shape.join(', ')}]`, where);
    if (shape[0] !== expectedPairs) throw new StudioError('shape', `the states hold ${shape[0]} pairs but the preference file has ${expectedPairs}`, where);
    const d = shape[2];
    const last = await source.readRows(0, shape[0] * 2);
    for (let i = 0; i < last.length; i++) {
      if (!Number.isFinite(last[i])) {
        const row = Math.floor(i / d);
        throw new StudioError('bad-file', `a state value is ${last[i]}`, `${where}: pair ${Math.floor(row / 2)}, ${row % 2 === 0 ? 'chosen' : 'rejected'}, dimension ${i % d}`);
      }
    }
    return { pairs: shape[0], d, last, tokens: null, source: path.basename(file) };
  } finally {
    await source.close();
  }
}
