import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { CARD_EXAMPLES } from '../../shared/charts/featureCard';
import type { RunRecord } from '../../shared/charts/runTable';
import { EXPLORE_ROWS } from '../../shared/schemas/features';
import type { FeatureCard, FeatureRef } from '../../shared/schemas/report';
import type { HeldOutBoard, RunEval, RunInfo } from '../../shared/schemas/run';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { checkReport, type Report, writeCardsCsv, writeReportCsv, writeReportPdf } from '../reports';
import { writeConceptsCsv } from '../reports/conceptsSection';
import { readConceptResult } from '../concepts/results';
import type { ConceptResult } from '../../shared/schemas/concepts';
import { readRunInfo, runDir } from '../sae/run/folder';
import { evalBenchmarkRecord } from '../demo/records';
import { heldOutScores } from './heldOut';
import type { StudioContext } from './context';
import type { featureHandlers } from './features';
import type { HandlerGroup, Handlers } from './handlers';
import { openedProject } from './resolve';
import { listReport, requireListed } from '../project/listed';

type Explorer = Pick<Handlers, 'getFeature'>;

/**
 * Reports from the app: the chosen runs as report records (the held-out measurement of
 * studio/heldOut.ts, the numbers Compare shows; a run without a dataset keeps its last logged
 * step) and the chosen features as cards (the explorer's feature pages, through the same
 * handler the screen calls, so one statistics job serves both), written by the reports module
 * as reports/<id>.pdf, .csv and -features.csv, so the app and the CLI produce the same files.
 */
export function reportHandlers(ctx: StudioContext, explorer: ReturnType<typeof featureHandlers>): HandlerGroup<'previewReport' | 'exportReport'> {
  return {
    async previewReport({ projectDir, ...request }) {
      const project = await openedProject(ctx, projectDir);
      return modelOf(await buildReport(project, explorer, request));
    },
    async exportReport({ projectDir, ...request }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const report = await buildReport(project, explorer, request);
      const id = newEntryId(report.title, new Set(project.manifest.reports.map((r) => r.id)));
      const file = (suffix: string) => path.join(project.dir, 'reports', `${id}${suffix}`);
      const cards = report.cards ?? [];
      await writeReportCsv(file('.csv'), report.records);
      if (cards.length > 0) await writeCardsCsv(file('-features.csv'), cards);
      const concepts = report.concepts ?? [];
      if (concepts.length > 0) await writeConceptsCsv(file('-concepts.csv'), concepts);
      await writeReportPdf(file('.pdf'), report);
      await listReport(project, { id, name: report.title, createdAt: report.createdAt });
      return { reportId: id, pdf: file('.pdf'), csv: file('.csv'), cardsCsv: cards.length > 0 ? file('-features.csv') : null, conceptsCsv: concepts.length > 0 ? file('-concepts.csv') : null, report: modelOf(report) };
    },
  };
}

/** The report as the API returns it: a metric not measured (NaN in the model) travels as null. */
const modelOf = (report: Report) => ({
  ...report,
  records: report.records.map((rec) => Object.fromEntries(Object.entries(rec).map(([k, v]) => [k, Number.isNaN(v) ? null : v]))),
  sections: [...report.sections],
  cards: [...(report.cards ?? [])],
  concepts: [...(report.concepts ?? [])],
});

interface Request {
  runIds: string[];
  sections: Report['sections'];
  title: string;
  features: FeatureRef[];
  concepts: { runId: string; setId: string }[];
}

async function buildReport(project: Project, explorer: Explorer, { runIds, sections, title, features, concepts }: Request): Promise<Report> {
  const records: RunRecord[] = [];
  const families = new Set<string>();
  const datasets = new Set<string>();
  for (const [i, runId] of runIds.entries()) {
    const info = await listedRunInfo(project, runId, `runIds[${i}]`);
    // the same held-out measurement Compare shows (studio/heldOut.ts); an import not yet measured has none
    const held = info.datasetId ? await heldOutScores(project, runId) : null;
    const scores = held?.board ?? null;
    if (scores) families.add(scores.family);
    if (held) datasets.add(`${held.datasetId} (${held.rows} validation rows)`);
    if (sections.includes('coverage') && !scores) throw new StudioError('bad-input', `run "${info.name}" has no board scores (${held?.boardMissing ?? 'it has no dataset yet'}): leave out the coverage section or this run`, `runIds[${i}]`);
    records.push(record(info, held?.core ?? null, scores));
  }
  const report: Report = {
    title,
    createdAt: new Date().toISOString(),
    summary: [
      { label: 'Project', value: project.manifest.name },
      { label: 'Datasets', value: [...datasets].join(', ') || '—' },
    ],
    family: [...families].join(', ') || 'none (no board labels)',
    records,
    sections,
    cards: await featureCards(project, explorer, features),
    concepts: await conceptResults(project, concepts),
  };
  return checkReport(report);
}

/** Each chosen feature's page from the explorer, as a card; an error names the feature it came from. */
async function featureCards(project: Project, explorer: Explorer, refs: readonly FeatureRef[]): Promise<FeatureCard[]> {
  const seen = new Set<string>();
  const cards: FeatureCard[] = [];
  for (const [i, { runId, feature }] of refs.entries()) {
    const where = `features[${i}]`;
    const key = `${runId}:${feature}`;
    if (seen.has(key)) throw new StudioError('bad-input', `feature ${key} is chosen twice`, where);
    seen.add(key);
    const info = await listedRunInfo(project, runId, `${where}.runId`);
    const detail = await explorer.getFeature({ projectDir: project.dir, runId, maxRows: EXPLORE_ROWS, feature, examples: CARD_EXAMPLES }).catch((err: unknown) => {
      // e.g. the run's feature statistics are not computed yet, or the id is past its width
      const cause = StudioError.from(err);
      throw new StudioError(cause.code, `no card for feature ${feature} of run "${info.name}": ${cause.detail}${cause.where ? ` (${cause.where})` : ''}`, where);
    });
    const { frequency, maxActivation, meanActivation, histogram, properties, examples, explanation } = detail;
    cards.push({ runId, run: info.name, feature, frequency, maxActivation, meanActivation, histogram, properties, examples, explanation });
  }
  return cards;
}

/** The chosen concepts results; one not computed yet is an error naming it. */
async function conceptResults(project: Project, refs: readonly { runId: string; setId: string }[]): Promise<ConceptResult[]> {
  const out: ConceptResult[] = [];
  for (const [i, { runId, setId }] of refs.entries()) {
    await listedRunInfo(project, runId, `concepts[${i}].runId`);
    const r = await readConceptResult(project.dir, runId, setId);
    if (!r) throw new StudioError('not-found', `no concepts result of set "${setId}" on run "${runId}": compute it on the Concepts screen first`, `concepts[${i}]`);
    out.push(r);
  }
  return out;
}

async function listedRunInfo(project: Project, runId: string, where: string): Promise<RunInfo> {
  requireListed(project.manifest, 'runs', runId, where);
  return readRunInfo(runDir(project.dir, runId));
}

/** One run as a report record; a metric the run lacks is NaN (the report model wants numbers; JSON carries it as null, the CSV as an empty field). */
function record(info: RunInfo, core: RunEval | null, scores: HeldOutBoard | null): RunRecord {
  const final = (k: string) => info.final?.[k] ?? Number.NaN;
  return {
    run: info.name,
    kind: 'sae',
    arch: info.arch,
    // the matched-L0 section leaves whitened runs out (their λ means something else)
    whitening: (info.config?.whitening as { kind?: string } | null | undefined)?.kind ?? 'none',
    width: info.dSae,
    l0: core?.l0 ?? final('l0'),
    fvu: core?.fvu ?? final('fvu'),
    coverage: scores?.coverage ?? Number.NaN,
    boardReconstruction: scores?.boardReconstruction ?? Number.NaN,
    cossim: core?.cossim ?? null,
    deadFraction: core?.deadFraction ?? final('deadFraction'),
    steps: info.steps,
    coverageAboveChance: scores?.coverageAboveChance ?? null,
    coverageAlwaysOn: scores?.coverageAlwaysOn ?? null,
    evalRows: core?.rows ?? null,
    // CE loss recovered, sparse probing and absorption where eval.json has them (the benchmark section)
    ...(core ? evalBenchmarkRecord(core) : {}),
  };
}
