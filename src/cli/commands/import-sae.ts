import { StudioError } from '../../shared/errors';
import { str, type CommandInput, type CommandOutput } from '../command';
import { inProject, projectOption } from '../project';

/** `feature-studio import sae DIR --project P [--name NAME]`: a SAELens or sparsify folder becomes a run. */
export async function importSae({ values, positionals }: CommandInput): Promise<CommandOutput> {
  const folder = positionals[0];
  if (!folder) throw new StudioError('bad-input', 'name the SAE folder to import', 'DIR');
  const projectDir = projectOption(values);
  return inProject(projectDir, async (studio, project) => {
    const run = await studio.importSae({ projectDir: project.dir, path: folder, name: str(values.name) });
    return { result: run, text: `imported ${run.arch} SAE (${run.dIn} → ${run.dSae}) as runs/${run.id}` };
  });
}
