import { Studio } from '../../core/studio';
import { StudioError } from '../../shared/errors';
import { str, type CliCommand } from '../command';

export const infoCommand: CliCommand = {
  summary: 'Describe a project (datasets) or an importable file (its tensors)',
  usage: 'feature-studio info --project DIR | feature-studio info FILE',
  options: { project: { type: 'string', short: 'p' } },
  positionals: true,
  async run({ values, positionals }) {
    const studio = new Studio();
    try {
      const projectDir = str(values.project);
      if (projectDir) {
        const project = await studio.openProject({ dir: projectDir });
        const datasets = await studio.listDatasets({ projectDir: project.dir });
        const lines = [
          `${project.manifest.name}  (${project.dir})${project.readOnly ? '  [read-only: open elsewhere]' : ''}`,
          `datasets: ${datasets.length}`,
          ...datasets.map((d) => `  ${d.id}  ${d.rows} × ${d.dims} ${d.dtype}  ${d.name}`),
          `runs: ${project.manifest.runs.length}  models: ${project.manifest.models.length}  reports: ${project.manifest.reports.length}`,
        ];
        return { result: { project, datasets }, text: lines.join('\n') };
      }
      const file = positionals[0];
      if (!file) throw new StudioError('bad-input', 'give --project DIR or a FILE', 'arguments');
      const inspection = await studio.inspectImportFile({ path: file });
      const lines = [`${file}: ${inspection.format}`, ...inspection.tensors.map((t) => `  ${t.name}  [${t.shape.join(', ')}] ${t.dtype}${t.importable ? '' : `  not importable${t.reason ? `: ${t.reason}` : ''}`}`)];
      return { result: inspection, text: lines.join('\n') };
    } finally {
      await studio.close();
    }
  },
};
