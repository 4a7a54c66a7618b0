import type { CorpusFileInfo } from '../../../shared/schemas/corpus';
import { openSource } from './sources';

const SAMPLE_ROWS = 5;
const SAMPLE_CHARS = 300;

/**
 * The columns and first rows of a corpus file, for the import form's column mapping. Reads only
 * the header and the first rows (the stream is closed after them), whatever the file's size.
 */
export async function inspectCorpusFile(file: string): Promise<CorpusFileInfo> {
  const reader = await openSource(file);
  const columns = await reader.columns();
  const sample: Record<string, string>[] = [];
  for await (const record of reader.records()) {
    const row: Record<string, string> = {};
    for (const c of columns) {
      const v = record.values[c];
      const s = v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
      row[c] = s.length > SAMPLE_CHARS ? `${s.slice(0, SAMPLE_CHARS)}…` : s;
    }
    sample.push(row);
    if (sample.length >= SAMPLE_ROWS) break;
  }
  return { format: reader.format, columns, sample, suggestedText: suggestText(columns, sample), suggestedId: columns.find((c) => c.toLowerCase() === 'id') ?? null };
}

/** The column named text, else the one with the longest values in the sample. */
function suggestText(columns: string[], sample: Record<string, string>[]): string | null {
  const named = columns.find((c) => c.toLowerCase() === 'text');
  if (named) return named;
  let best: string | null = null;
  let bestLength = 0;
  for (const c of columns) {
    const length = sample.reduce((sum, r) => sum + r[c].length, 0);
    if (length > bestLength) [best, bestLength] = [c, length];
  }
  return best;
}
