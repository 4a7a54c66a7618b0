import { StudioError } from '../../shared/errors';
import { type FeatureRef, ReportSection } from '../../shared/schemas/report';
import { str, type CliCommand } from '../command';
import { inProject, projectOption } from '../project';

/** What the Reports screen starts with; `featureCards` joins when features are chosen. */
const DEFAULT_SECTIONS: ReportSection[] = ['summary', 'pareto', 'runTable'];

const list = (raw: string) => raw.split(',').map((s) => s.trim()).filter((s) => s !== '');

/** `run:id,run:id` → feature refs; the run part is a run id (which may itself hold a colon). */
export function parseFeatureRefs(raw: string): FeatureRef[] {
  return list(raw).map((item) => {
    const cut = item.lastIndexOf(':');
    const feature = Number(item.slice(cut + 1));
    if (cut <= 0 || !Number.isInteger(feature) || feature < 0) throw new StudioError('bad-input', `each feature is RUN:ID with ID a feature number, got "${item}"`, '--features');
    return { runId: item.slice(0, cut), feature };
  });
}

export function parseSections(raw: string | undefined, withCards: boolean): ReportSection[] {
  if (raw === undefined) return withCards ? [...DEFAULT_SECTIONS, 'featureCards'] : DEFAULT_SECTIONS;
  return list(raw).map((name) => {
    const parsed = ReportSection.safeParse(name);
    if (!parsed.success) throw new StudioError('bad-input', `unknown section "${name}"; one of ${ReportSection.options.join(', ')}`, '--sections');
    return parsed.data;
  });
}

/** The studio names request fields (runIds[1], features[0]); a CLI user reads the option they typed. */
function asOption(err: unknown, runIds: readonly string[], features: readonly FeatureRef[]): StudioError {
  const e = StudioError.from(err);
  const at = /^(runIds|features)\[(\d+)\]/.exec(e.where ?? '');
  if (at) {
    const i = Number(at[2]);
    const value = at[1] === 'runIds' ? runIds[i] : `${features[i].runId}:${features[i].feature}`;
    return new StudioError(e.code, e.detail, `${at[1] === 'runIds' ? '--runs' : '--features'} ${value}`);
  }
  return e.where === 'features' || e.where === 'sections' ? new StudioError(e.code, e.detail, `--${e.where}`) : e;
}

export const reportCommand: CliCommand = {
  summary: 'Write a report of runs (and feature cards) as PDF and CSV into the project’s reports/ — the files the Reports screen exports',
  usage: `feature-studio report --project DIR [--runs ID,ID | --all] [--sections ${ReportSection.options.join(',')}] [--features RUN:ID,...] [--name TITLE] [--json]   (default: --all, sections ${DEFAULT_SECTIONS.join(',')}, plus featureCards with --features)`,
  options: { project: { type: 'string', short: 'p' }, runs: { type: 'string' }, all: { type: 'boolean' }, sections: { type: 'string' }, features: { type: 'string' }, name: { type: 'string' } },
  async run({ values }) {
    const projectDir = projectOption(values);
    if (values.all && values.runs !== undefined) throw new StudioError('bad-input', 'give --runs or --all, not both', '--runs');
    const features = values.features === undefined ? [] : parseFeatureRefs(str(values.features)!);
    const sections = parseSections(str(values.sections), features.length > 0);
    return inProject(projectDir, async (studio, project) => {
      const runIds = values.runs === undefined ? project.manifest.runs.map((r) => r.id) : list(str(values.runs)!);
      if (runIds.length === 0) throw new StudioError('bad-input', 'the project has no runs to report on: train or import one first', values.runs === undefined ? '--all' : '--runs');
      const out = await studio.exportReport({ projectDir: project.dir, runIds, sections, features, title: str(values.name) ?? 'SAE comparison' }).catch((err: unknown) => {
        throw asOption(err, runIds, features);
      });
      const { report, ...files } = out;
      const lines = [`report: ${files.pdf}`, `table:  ${files.csv}`, ...(files.cardsCsv ? [`cards:  ${files.cardsCsv}`] : [])];
      return { result: { ...files, runs: report.records.length, cards: report.cards.length, sections: report.sections }, text: lines.join('\n') };
    });
  },
};
