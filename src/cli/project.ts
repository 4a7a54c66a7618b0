import { StudioError } from '../shared/errors';
import type { ProjectSummary } from '../shared/schemas/project';
import { Studio } from '../core/studio';
import { str } from './command';

/** `--project DIR`, for a command that works inside a project. */
export function projectOption(values: Record<string, unknown>): string {
  const dir = str(values.project);
  if (!dir) throw new StudioError('bad-input', '--project DIR is required', '--project');
  return dir;
}

/** Opens the project in a Studio of its own, hands `work` the Studio and the project (its real folder in `dir`), and closes the Studio however `work` ends. */
export async function inProject<T>(projectDir: string, work: (studio: Studio, project: ProjectSummary) => Promise<T>): Promise<T> {
  const studio = new Studio();
  try {
    const project = await studio.openProject({ dir: projectDir });
    return await work(studio, project);
  } finally {
    await studio.close();
  }
}
