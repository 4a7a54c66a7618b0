import { StudioError } from '../../shared/errors';
import { reviewMetricsTable } from '../../shared/charts/reviewMetrics';
import { runTableText } from '../../shared/charts/runTable';
import type { ReviewModelInfo } from '../../shared/schemas/reviews';
import { str, type CliCommand } from '../command';
import { followJob } from '../run-job';
import { numberOption } from '../args';
import { inProject, projectOption } from '../project';
import { parseTarget } from '../../core/models/reviews/target';
import { crossValText, runCrossVal } from './reviews-crossval';

const USAGE = [
  'feature-studio reviews discover --project P --corpus C --target COL|log1p:COL|NUM/DEN [--min-votes 3] [--train-min-votes N] [--rounds N] [--scene TEXT] [--task NAME] [--studio-memory] [--no-embedding] [--llm] [--prompt-features] [--name N] [--json]',
  '       feature-studio reviews crossval --project P --corpus C --target COL|NUM/DEN [--min-votes 3] [--train-min-votes N] [--folds 5] [--rounds N] [--max-rows N] [--no-embedding] [--json]',
  '       feature-studio reviews eval --project P --model M [--json]',
  '       feature-studio reviews report --project P --model M [--json]',
].join('\n');

/** What `reviews discover|eval --json` and `demo reviews --json` print (issue 17, "For automation"). */
export function reviewsSummary(info: ReviewModelInfo) {
  const models = Object.fromEntries(
    Object.entries(info.models).map(([m, x]) => [
      m,
      { spearman: x.spearman, spearmanLow: x.spearmanLow, spearmanHigh: x.spearmanHigh, mae: x.mae, ndcg10: x.ndcg10, ...(m === 'discovered' ? { spearmanSelectionSplit: info.spearmanSelectionSplit } : {}) },
    ]),
  );
  return {
    model: info.id,
    models,
    kept: info.kept.map((k) => ({ name: k.name, description: k.description, definition: k.definition, source: k.source, weight: k.weight, rho: k.rhoValid })),
    target: info.target,
    counts: info.counts,
    memory: info.memory.map((m) => m.task),
    seconds: info.seconds,
  };
}

export function reviewsText(info: ReviewModelInfo): string {
  return [
    `${info.counts.test} test reviews, target ${info.target}:`,
    runTableText(reviewMetricsTable(info.models)),
    `discovered on its selection (validation) split, as the reference reports: ρ ${info.spearmanSelectionSplit?.toFixed(3) ?? '—'}`,
    `kept ${info.kept.length} features: ${info.kept.map((k) => `${k.name} (${k.weight >= 0 ? '+' : ''}${k.weight.toFixed(3)})`).join(', ')}`,
    info.memory.length ? `started from memory: ${info.memory.map((m) => m.task).join(', ')}` : '',
  ].filter(Boolean).join('\n');
}


export const reviewsCommand: CliCommand = {
  summary: 'Review quality (AutoQual, offline): discover interpretable quality features on a corpus and measure them against baselines',
  usage: USAGE,
  options: {
    project: { type: 'string', short: 'p' },
    corpus: { type: 'string' },
    target: { type: 'string' },
    'min-votes': { type: 'string' },
    'train-min-votes': { type: 'string' },
    rounds: { type: 'string' },
    scene: { type: 'string' },
    task: { type: 'string' },
    'studio-memory': { type: 'boolean' },
    'no-embedding': { type: 'boolean' },
    llm: { type: 'boolean' },
    'prompt-features': { type: 'boolean' },
    name: { type: 'string' },
    model: { type: 'string' },
    folds: { type: 'string' },
    'max-rows': { type: 'string' },
  },
  positionals: true,
  async run({ values, positionals, json }) {
    const sub = positionals[0];
    return inProject(projectOption(values), async (studio, { dir }) => {
      if (sub === 'discover') {
        const corpus = str(values.corpus);
        const target = str(values.target);
        if (!corpus) throw new StudioError('bad-input', '--corpus ID is required', '--corpus');
        if (!target) throw new StudioError('bad-input', '--target is required, e.g. HelpfulnessNumerator/HelpfulnessDenominator', '--target');
        const rounds = numberOption(values, 'rounds');
        const { jobId } = await studio.startJob({
          projectDir: dir,
          kind: 'discover-reviews',
          params: {
            corpus, target, minVotes: numberOption(values, 'min-votes'), trainMinVotes: numberOption(values, 'train-min-votes'), scene: str(values.scene), task: str(values.task), name: str(values.name),
            studioMemory: values['studio-memory'] === true, embedding: values['no-embedding'] !== true, llm: values.llm === true, prompt: values['prompt-features'] === true,
            config: rounds === undefined ? {} : { rounds },
          },
        });
        const info = (await followJob(studio, jobId, json)).result as ReviewModelInfo;
        return { result: reviewsSummary(info), text: `${reviewsText(info)}\nmodel: models/${info.id}` };
      }
      if (sub === 'crossval') {
        const corpus = str(values.corpus);
        const target = str(values.target);
        if (!corpus) throw new StudioError('bad-input', '--corpus ID is required', '--corpus');
        if (!target) throw new StudioError('bad-input', '--target is required, e.g. HelpfulnessNumerator/HelpfulnessDenominator', '--target');
        const folds = numberOption(values, 'folds') ?? 5;
        if (folds < 2 || folds > 10) throw new StudioError('bad-input', `--folds must be 2 to 10, got ${folds}`, '--folds');
        const spec = { ...parseTarget(target, numberOption(values, 'min-votes')), trainMinVotes: numberOption(values, 'train-min-votes') };
        const r = await runCrossVal({ projectDir: dir, corpus, target: spec, folds, rounds: numberOption(values, 'rounds'), maxRows: numberOption(values, 'max-rows'), embedding: values['no-embedding'] !== true, quiet: json });
        return { result: r, text: crossValText(r) };
      }
      const modelId = str(values.model);
      if (!modelId) throw new StudioError('bad-input', '--model ID is required', '--model');
      if (sub === 'eval') {
        const info = await studio.getReviewModel({ projectDir: dir, modelId });
        return { result: reviewsSummary(info), text: reviewsText(info) };
      }
      if (sub === 'report') {
        const r = await studio.exportReviewsReport({ projectDir: dir, modelId });
        return { result: r, text: `report: ${r.pdf}\n        ${r.csv}` };
      }
      throw new StudioError('bad-input', `unknown subcommand "${sub ?? ''}"; usage:\n${USAGE}`, 'reviews');
    });
  },
};
