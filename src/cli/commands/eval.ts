import { StudioError } from '../../shared/errors';
import { str, type CliCommand } from '../command';
import { describeEval } from './train';
import { inProject, projectOption } from '../project';

export const evalCommand: CliCommand = {
  summary: "Core metrics of a run on its dataset's validation split (writes eval.json)",
  usage: 'feature-studio eval --project DIR --run ID [--dataset ID] [--json]',
  options: { project: { type: 'string', short: 'p' }, run: { type: 'string' }, dataset: { type: 'string' } },
  async run({ values }) {
    const runId = str(values.run);
    const projectDir = projectOption(values);
    if (!runId) throw new StudioError('bad-input', '--run ID is required', '--run');
    return inProject(projectDir, async (studio, project) => {
      const ev = await studio.evaluateRun({ projectDir: project.dir, runId, datasetId: str(values.dataset) });
      // The metrics alone do not say whether the SAE belongs on these activations.
      const check = await studio.checkRunDataset({ projectDir: project.dir, runId, datasetId: ev.datasetId });
      const warnings = check.warnings.map((w) => `\n  warning (${w.kind}): ${w.message}`).join('');
      return { result: ev, text: `runs/${runId} on ${ev.datasetId} (${ev.rows} rows): ${describeEval(ev)}${warnings}` };
    });
  },
};
