/**
 * A report: what was compared (one record per SAE run and per baseline) and which sections
 * present it. The CSV holds every record's every metric; the PDF draws the sections from the
 * registry in `sections.ts` with the same chart builders as the screens.
 */
import { StudioError } from '../../shared/errors';
import type { RunRecord } from '../../shared/charts/runTable';
import type { ConceptResult } from '../../shared/schemas/concepts';
import type { FeatureCard, ReportSection } from '../../shared/schemas/report';

/** Columns every record carries, first in the CSV in this order (issue 5's demo table). */
export const REQUIRED_COLUMNS = ['run', 'kind', 'arch', 'width', 'l0', 'fvu', 'coverage', 'boardReconstruction'] as const;
/** `kind` of a record: a trained SAE, or a baseline measured with the same code (random dictionary, neurons). */
export type RecordKind = 'sae' | 'baseline';

export type SectionName = ReportSection;

export interface Report {
  title: string;
  /** ISO 8601 time the results were produced */
  createdAt: string;
  /** facts shown first (project, data, model, timings), in order */
  summary: { label: string; value: string }[];
  /** the board-state family the coverage and reconstruction columns are measured on */
  family: string;
  records: RunRecord[];
  sections: readonly SectionName[];
  /** the features the `featureCards` section draws, one card each */
  cards?: readonly FeatureCard[];
  /** the concept results the `concepts` section draws */
  concepts?: readonly ConceptResult[];
}

/** Checks the records before anything is written: every required column, numbers where numbers belong. */
export function checkReport(report: Report): Report {
  if (report.records.length === 0) throw new StudioError('bad-input', 'a report needs at least one run', 'report.records');
  const names = new Set<string>();
  report.records.forEach((rec, i) => {
    for (const key of REQUIRED_COLUMNS) {
      if (!(key in rec)) throw new StudioError('bad-input', `the record has no '${key}' value`, `records[${i}].${key}`);
    }
    for (const key of ['run', 'kind', 'arch'] as const) {
      if (typeof rec[key] !== 'string') throw new StudioError('bad-input', `'${key}' must be text, got ${String(rec[key])}`, `records[${i}].${key}`);
    }
    if (rec.kind !== 'sae' && rec.kind !== 'baseline') throw new StudioError('bad-input', `kind must be 'sae' or 'baseline', got '${rec.kind}'`, `records[${i}].kind`);
    for (const key of ['width', 'l0', 'fvu'] as const) {
      if (typeof rec[key] !== 'number') throw new StudioError('bad-input', `'${key}' must be a number, got ${String(rec[key])}`, `records[${i}].${key} (${rec.run})`);
    }
    // a text run has no board: its board scores are null (not measured), never text
    for (const key of ['coverage', 'boardReconstruction'] as const) {
      if (typeof rec[key] !== 'number' && rec[key] !== null) throw new StudioError('bad-input', `'${key}' must be a number or null, got ${String(rec[key])}`, `records[${i}].${key} (${rec.run})`);
    }
    if (names.has(rec.run as string)) throw new StudioError('bad-input', `two records are named '${rec.run}'`, `records[${i}].run`);
    names.add(rec.run as string);
  });
  const cards = report.cards?.length ?? 0;
  if (report.sections.includes('featureCards') && cards === 0) throw new StudioError('bad-input', 'the feature cards section needs at least one chosen feature', 'features');
  if (cards > 0 && !report.sections.includes('featureCards')) throw new StudioError('bad-input', `${cards} features were chosen but the featureCards section is not among the sections`, 'sections');
  const concepts = report.concepts?.length ?? 0;
  if (report.sections.includes('concepts') && concepts === 0) throw new StudioError('bad-input', 'the concepts section needs at least one concepts result (run and set)', 'concepts');
  if (concepts > 0 && !report.sections.includes('concepts')) throw new StudioError('bad-input', `${concepts} concepts results were chosen but the concepts section is not among the sections`, 'sections');
  return report;
}

export const isBaseline = (rec: RunRecord): boolean => rec.kind === 'baseline';
