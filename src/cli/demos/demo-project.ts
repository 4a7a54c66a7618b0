import path from 'node:path';
import { promises as fs } from 'node:fs';
import { Project } from '../../core/project/project';

/**
 * Opens or creates a model workspace's demo project without the model a previous run of the
 * demo left, so the demo trains afresh; what else the project holds (corpora, memory) stays.
 */
export async function prepareDemoProject(dir: string, name: string, modelId: string): Promise<void> {
  const project = (await Project.open(dir).catch(() => null)) ?? (await Project.create(dir, name));
  try {
    if (project.manifest.models.some((m) => m.id === modelId)) await project.update((m) => void (m.models = m.models.filter((x) => x.id !== modelId)));
    await fs.rm(path.join(project.dir, 'models', modelId), { recursive: true, force: true });
  } finally {
    await project.close();
  }
}
