import { StudioError } from '../../shared/errors';
import { Studio } from '../../core/studio';
import { str, type CommandInput, type CommandOutput } from '../command';

/** `feature-studio import explanations FILE --project P --run R [--method M]`: CSV or JSON explanations into the run's explanations.json. */
export async function importExplanationsCommand({ values, positionals }: CommandInput): Promise<CommandOutput> {
  const file = positionals[0];
  const projectDir = str(values.project);
  const runId = str(values.run);
  if (!file) throw new StudioError('bad-input', 'name the CSV or JSON file of explanations to import', 'FILE');
  if (!projectDir) throw new StudioError('bad-input', '--project DIR is required', '--project');
  if (!runId) throw new StudioError('bad-input', '--run RUN is required', '--run');
  const studio = new Studio();
  try {
    const project = await studio.openProject({ dir: projectDir });
    const result = await studio.importExplanations({ projectDir: project.dir, runId, path: file, method: str(values.method) });
    return { result, text: `imported ${result.imported} explanations into runs/${runId}/explanations.json (${result.total} features explained)` };
  } finally {
    await studio.close();
  }
}
