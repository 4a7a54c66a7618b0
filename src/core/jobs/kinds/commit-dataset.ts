import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { StudioError } from '../../../shared/errors';
import { datasetDir } from '../../project/layout';
import type { CommitContext } from '../kind';

/**
 * Moves a finished dataset from the job's work folder into `datasets/<id>/` (one rename on the
 * same file system) and only then lists it in the manifest.
 */
export async function commitDataset({ project, workDir }: CommitContext, meta: DatasetMeta): Promise<void> {
  project.assertWritable();
  if (project.manifest.datasets.some((d) => d.id === meta.id)) throw new StudioError('conflict', `a dataset "${meta.id}" already exists`, meta.id);
  const target = datasetDir(project.dir, meta.id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(path.join(workDir, meta.id), target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new StudioError('conflict', 'a dataset folder with this id already exists', target);
    throw err;
  }
  await project.update((m) => void m.datasets.push({ id: meta.id, name: meta.name, createdAt: meta.createdAt }));
}
