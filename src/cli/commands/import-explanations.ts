import { StudioError } from '../../shared/errors';
import { str, type CommandInput, type CommandOutput } from '../command';
import { inProject, projectOption } from '../project';

/** `feature-studio import explanations FILE --project P --run R [--method M]`: CSV or JSON explanations into the run's explanations.json. */
export async function importExplanationsCommand({ values, positionals }: CommandInput): Promise<CommandOutput> {
  const file = positionals[0];
  const runId = str(values.run);
  if (!file) throw new StudioError('bad-input', 'name the CSV or JSON file of explanations to import', 'FILE');
  const projectDir = projectOption(values);
  if (!runId) throw new StudioError('bad-input', '--run RUN is required', '--run');
  return inProject(projectDir, async (studio, project) => {
    const result = await studio.importExplanations({ projectDir: project.dir, runId, path: file, method: str(values.method) });
    return { result, text: `imported ${result.imported} explanations into runs/${runId}/explanations.json (${result.total} features explained)` };
  });
}
