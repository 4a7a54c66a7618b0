import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { RunRecord } from '../../shared/charts/runTable';
import { EXPLORE_ROWS } from '../../shared/schemas/features';
import type { RunInfo } from '../../shared/schemas/run';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import { checkReport, type Report, writeReportCsv, writeReportPdf } from '../reports';
import { readRunEval, readRunInfo, runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import { explorerCache, type ExplorerFor } from './features';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';

/**
 * Reports from the app: the chosen runs as report records (core metrics from eval.json where
 * the run was evaluated, else its last logged step; board scores from the explorer on the
 * run's dataset), written by the reports module as reports/<id>.pdf and .csv, so the app and
 * the CLI produce the same files.
 */
export function reportHandlers(ctx: StudioContext): HandlerGroup<'previewReport' | 'exportReport'> {
  const explorerFor = explorerCache(ctx);
  return {
    async previewReport({ projectDir, runIds, sections, title }) {
      const project = await openedProject(ctx, projectDir);
      const report = await buildReport(project, explorerFor, runIds, sections, title);
      return { ...report, sections: [...report.sections] };
    },
    async exportReport({ projectDir, runIds, sections, title }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const report = await buildReport(project, explorerFor, runIds, sections, title);
      const id = newEntryId(report.title, new Set(project.manifest.reports.map((r) => r.id)));
      const pdf = path.join(project.dir, 'reports', `${id}.pdf`);
      const csv = path.join(project.dir, 'reports', `${id}.csv`);
      await writeReportCsv(csv, report.records);
      await writeReportPdf(pdf, report);
      await project.update((m) => void m.reports.push({ id, name: report.title, createdAt: report.createdAt }));
      return { reportId: id, pdf, csv, report: { ...report, sections: [...report.sections] } };
    },
  };
}

async function buildReport(project: Project, explorerFor: ExplorerFor, runIds: string[], sections: Report['sections'], title: string): Promise<Report> {
  const records: RunRecord[] = [];
  const families = new Set<string>();
  const datasets = new Set<string>();
  for (const [i, runId] of runIds.entries()) {
    if (!project.manifest.runs.some((r) => r.id === runId)) throw new StudioError('not-found', `no run "${runId}" in this project`, `runIds[${i}]`);
    const dir = runDir(project.dir, runId);
    const info = await readRunInfo(dir);
    const core = info.evaluated ? await readRunEval(dir) : null;
    const scores = info.datasetId ? (await explorerFor({ projectDir: project.dir, runId, maxRows: EXPLORE_ROWS })).explorer.boardScores() : null;
    if (scores) families.add(scores.family);
    if (info.datasetId) datasets.add(info.datasetId);
    if (sections.includes('coverage') && !scores) throw new StudioError('bad-input', `run "${info.name}" has no board scores (its dataset carries no board labels): leave out the coverage section or this run`, `runIds[${i}]`);
    records.push(record(info, core, scores));
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
  };
  return checkReport(report);
}

/** One run as a report record; a metric the run lacks is NaN (the report model wants numbers; JSON carries it as null). */
function record(info: RunInfo, core: { l0: number; fvu: number; cossim: number; deadFraction: number } | null, scores: { coverage: number; boardReconstruction: number } | null): RunRecord {
  const final = (k: string) => info.final?.[k] ?? Number.NaN;
  return {
    run: info.name,
    kind: 'sae',
    arch: info.arch,
    width: info.dSae,
    l0: core?.l0 ?? final('l0'),
    fvu: core?.fvu ?? final('fvu'),
    coverage: scores?.coverage ?? Number.NaN,
    boardReconstruction: scores?.boardReconstruction ?? Number.NaN,
    cossim: core?.cossim ?? null,
    deadFraction: core?.deadFraction ?? final('deadFraction'),
    steps: info.steps,
  };
}
