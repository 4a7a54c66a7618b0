/**
 * The report's table as CSV (RFC 4180): the required columns first, then every other metric
 * in name order, so two reports of the same metrics diff column by column. Numbers keep full
 * precision (the shortest text that reads back to the same double); a metric a record lacks
 * (absent, null, or NaN — the report model's number for "not measured") is an empty field, so
 * spreadsheets and pandas read it as missing rather than as the text "NaN".
 */
import type { RunCell, RunRecord } from '../../shared/charts/runTable';
import { writeFileAtomic } from '../io/atomic';
import { REQUIRED_COLUMNS } from './model';

export function csvColumns(records: readonly RunRecord[]): string[] {
  const required = new Set<string>(REQUIRED_COLUMNS);
  const extra = new Set<string>();
  for (const rec of records) for (const key of Object.keys(rec)) if (!required.has(key)) extra.add(key);
  return [...REQUIRED_COLUMNS, ...[...extra].sort()];
}

/** A field quoted only when it must be: it holds a comma, a quote, CR or LF (RFC 4180 §2.6–2.7). */
export function csvField(value: RunCell | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function reportCsv(records: readonly RunRecord[]): string {
  return csvTable(csvColumns(records), records);
}

/** CRLF line ends, as RFC 4180 specifies; a header line, then one line per record. */
export function csvTable(columns: readonly string[], records: readonly RunRecord[]): string {
  const lines = [columns.map(csvField).join(','), ...records.map((rec) => columns.map((c) => csvField(rec[c])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

export async function writeReportCsv(file: string, records: readonly RunRecord[]): Promise<void> {
  await writeFileAtomic(file, reportCsv(records));
}
