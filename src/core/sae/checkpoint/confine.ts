import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';

/**
 * The real path of a file a checkpoint names, refused unless it lies inside the checkpoint
 * folder (issue 24: `studio.whitening.file: "../../../../etc/passwd"` was read, and a weights
 * file symlinked out of the allowed roots was imported). The folder itself was confined by the
 * front door, so inside it is inside the allowed roots too. `field` names where the name came
 * from (a cfg.json key, or the file for fixed names).
 */
export async function checkpointFile(dir: string, name: unknown, field: string): Promise<string> {
  if (typeof name !== 'string' || name === '' || name.includes('\0') || path.isAbsolute(name)) {
    throw new StudioError('bad-file', 'must name a file inside the checkpoint folder', field);
  }
  const realDir = await fs.realpath(dir).catch(() => {
    throw new StudioError('not-found', 'the checkpoint folder does not exist', dir);
  });
  const candidate = path.resolve(realDir, name);
  const real = await fs.realpath(candidate).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return candidate;
    if (err.code === 'ELOOP') throw new StudioError('bad-input', 'the path is a loop of symbolic links and never reaches a file', path.join(dir, name));
    throw new StudioError('bad-file', `cannot resolve the file (${err.code ?? 'error'})`, path.join(dir, name));
  });
  if (!real.startsWith(realDir + path.sep)) throw new StudioError('forbidden', 'names a file outside the checkpoint folder; checkpoints may only read their own files', field);
  return real;
}

/** Refuses NaN and ±inf in a checkpoint tensor, naming the file, tensor and first bad index. */
export function requireFinite(name: string, data: Float32Array, where: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new StudioError('bad-file', `${name} holds ${data[i]} at index ${i}; an SAE's weights must be finite`, `${where}: ${name}`);
  }
}
