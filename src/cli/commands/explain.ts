import { StudioError } from '../../shared/errors';
import type { ExplainSummary } from '../../shared/schemas/explain';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';
import { inProject, projectOption } from '../project';

/** `--features 1,2,3` → ids; each must be a whole number. */
export function parseFeatureIds(raw: string): number[] {
  return raw.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < 0) throw new StudioError('bad-input', `each feature is a whole number, got "${s}"`, '--features');
    return n;
  });
}

/** What `--json` prints (issue 19 "For automation"): the features, the means of both explainers' scores, and the time. */
export function explainJson(s: ExplainSummary) {
  return { features: s.features, summary: s.summary, seconds: s.seconds, runId: s.runId, datasetId: s.datasetId, domain: s.domain };
}

/** The means of the explainer and its baseline, one line each. */
export function describeSummary(s: ExplainSummary): string {
  const row = (name: string, m: ExplainSummary['summary']['explainer']) =>
    `${name.padEnd(9)} generative ${m.generative.toFixed(3)}  predictive ${m.predictive.toFixed(3)}  detection ${m.detection.toFixed(3)}  fuzzing ${m.fuzzing.toFixed(3)}`;
  return [row('explainer', s.summary.explainer), row('baseline', s.summary.baseline)].join('\n');
}

export const explainCommand: CliCommand = {
  summary: "Explain a run's features by experiment (SAGE, offline) and score them against a baseline; writes runs/<id>/explanations/ and explanations.json",
  usage: 'feature-studio explain --project DIR --run ID (--features 1,2,3 | --top N) [--dataset ID] [--no-causal] [--llm] [--json]   (default --top 50)',
  options: { project: { type: 'string', short: 'p' }, run: { type: 'string' }, features: { type: 'string' }, top: { type: 'string' }, dataset: { type: 'string' }, 'no-causal': { type: 'boolean' }, llm: { type: 'boolean' } },
  async run({ values, json }) {
    const runId = str(values.run);
    const projectDir = projectOption(values);
    if (!runId) throw new StudioError('bad-input', '--run ID is required', '--run');
    if (values.features !== undefined && values.top !== undefined) throw new StudioError('bad-input', 'give --features or --top, not both', '--features');
    const features = values.features === undefined ? undefined : parseFeatureIds(str(values.features)!);
    const top = values.top === undefined ? 50 : Number(values.top);
    if (!Number.isInteger(top) || top <= 0) throw new StudioError('bad-input', `--top must be a positive whole number, got "${String(values.top)}"`, '--top');
    return inProject(projectDir, async (studio, project) => {
      const { jobId } = await studio.explainFeatures({ projectDir: project.dir, runId, datasetId: str(values.dataset), features, top, causal: values['no-causal'] !== true, llm: values.llm === true });
      const end = await followJob(studio, jobId, json);
      const summary = end.result as ExplainSummary;
      const lines = summary.features.map((f) => `${String(f.feature).padStart(6)}  ${f.explanation}  (generative ${f.scores.generative.toFixed(2)}, predictive ${f.scores.predictive.toFixed(2)}; baseline "${f.baseline.explanation}" ${f.baseline.scores.generative.toFixed(2)}, ${f.baseline.scores.predictive.toFixed(2)})`);
      return { result: explainJson(summary), text: [...lines, '', describeSummary(summary), `${summary.features.length} features in ${summary.seconds.toFixed(1)} s; logs in runs/${runId}/explanations/`].join('\n') };
    });
  },
};
