import { StudioError } from '../../shared/errors';
import { Studio } from '../../core/studio';
import { str, type CommandInput, type CommandOutput } from '../command';

/** `feature-studio import sae DIR --project P [--name NAME]`: a SAELens or sparsify folder becomes a run. */
export async function importSae({ values, positionals }: CommandInput): Promise<CommandOutput> {
  const folder = positionals[0];
  const projectDir = str(values.project);
  if (!folder) throw new StudioError('bad-input', 'name the SAE folder to import', 'DIR');
  if (!projectDir) throw new StudioError('bad-input', '--project DIR is required', '--project');
  const studio = new Studio();
  try {
    const project = await studio.openProject({ dir: projectDir });
    const run = await studio.importSae({ projectDir: project.dir, path: folder, name: str(values.name) });
    return { result: run, text: `imported ${run.arch} SAE (${run.dIn} → ${run.dSae}) as runs/${run.id}` };
  } finally {
    await studio.close();
  }
}
