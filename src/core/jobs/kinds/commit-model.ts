import path from 'node:path';
import { promises as fs } from 'node:fs';
import { StudioError } from '../../../shared/errors';
import type { Project } from '../../project/project';

/** Moves a job's models/<id>/ folder into the project with one rename, then lists it in the manifest. */
export async function commitModelFolder(project: Project, workDir: string, entry: { id: string; name: string; createdAt: string }): Promise<void> {
  project.assertWritable();
  if (project.manifest.models.some((m) => m.id === entry.id)) throw new StudioError('conflict', `a model "${entry.id}" already exists`, entry.id);
  const target = path.join(project.dir, 'models', entry.id);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.rename(path.join(workDir, entry.id), target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTEMPTY') throw new StudioError('conflict', 'a model folder with this id already exists', target);
    throw err;
  }
  await project.update((m) => void m.models.push({ id: entry.id, name: entry.name, createdAt: entry.createdAt }));
}
