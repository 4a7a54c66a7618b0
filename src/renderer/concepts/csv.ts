import { CONCEPT_COLUMNS, conceptFeatureRows } from '../../shared/charts/conceptViews';
import type { ConceptResult } from '../../shared/schemas/concepts';

const cell = (v: string | number): string => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The screen's "Download CSV": the rows of the report's -concepts.csv, RFC 4180. */
export function conceptsCsv(r: ConceptResult): string {
  const lines = [CONCEPT_COLUMNS.join(','), ...conceptFeatureRows(r).map((row) => CONCEPT_COLUMNS.map((c) => cell(row[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
