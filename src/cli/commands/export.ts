import { StudioError } from '../../shared/errors';
import { str, type CliCommand } from '../command';
import { numberOption } from './train';
import { inProject, projectOption } from '../project';

export const exportCommand: CliCommand = {
  summary: "Export a run's features for other tools (neuronpedia: dashboard batch + explanations)",
  usage: 'feature-studio export neuronpedia --project DIR --run ID [--dataset ID] [--features 0,5,9] [--top N] [--quantiles Q] [--json]',
  options: { project: { type: 'string', short: 'p' }, run: { type: 'string' }, dataset: { type: 'string' }, features: { type: 'string' }, top: { type: 'string' }, quantiles: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }) {
    if (positionals[0] !== 'neuronpedia') throw new StudioError('bad-input', `export what? the one format is neuronpedia, got ${JSON.stringify(positionals[0] ?? '')}`, 'FORMAT');
    const runId = str(values.run);
    const projectDir = projectOption(values);
    if (!runId) throw new StudioError('bad-input', '--run ID is required', '--run');
    const list = str(values.features);
    const features = list?.split(',').map((s) => {
      const n = Number(s.trim());
      if (!Number.isInteger(n) || n < 0) throw new StudioError('bad-input', `"${s}" is not a feature number`, '--features');
      return n;
    });
    return inProject(projectDir, async (studio, project) => {
      const out = await studio.exportFeatures({ projectDir: project.dir, runId, datasetId: str(values.dataset), features, topExamples: numberOption(values, 'top'), quantiles: numberOption(values, 'quantiles') });
      return { result: out, text: `wrote ${out.features} features and ${out.explanations} explanations to ${out.dir}` };
    });
  },
};
