import { StudioError } from '../../../shared/errors';
import { readCorpusMeta, readCorpusRows } from '../../text/corpus/store';
import type { ReviewItem } from './discover';

/**
 * The quality target, read from a corpus's fields:
 *   `COL`              a numeric column as it is (a label, a vote count)
 *   `log1p:COL`        log(1 + COL), for raw vote counts
 *   `NUM/DEN`          the helpfulness ratio NUM/DEN, only for rows with DEN ≥ minVotes
 * The Fine Food default is HelpfulnessNumerator/HelpfulnessDenominator with ≥ 3 votes
 * (docs/reviews.md says why: a ratio of one or two votes is mostly noise, and raw counts
 * measure how many shoppers saw a review more than how useful it was).
 */
export interface TargetSpec {
  kind: 'column' | 'log1p' | 'ratio';
  column: string;
  denominator?: string;
  minVotes: number;
  /** a ratio's least votes on the train and validation splits (default minVotes); the test split always reads minVotes */
  trainMinVotes?: number;
}

export const DEFAULT_MIN_VOTES = 3;

export function parseTarget(spec: string, minVotes = DEFAULT_MIN_VOTES): TargetSpec {
  const s = spec.trim();
  if (s === '') throw new StudioError('bad-input', 'name the target column, e.g. HelpfulnessNumerator/HelpfulnessDenominator', '--target');
  if (s.startsWith('log1p:')) return { kind: 'log1p', column: s.slice(6), minVotes };
  const parts = s.split('/');
  if (parts.length === 2 && parts[0] && parts[1]) return { kind: 'ratio', column: parts[0], denominator: parts[1], minVotes };
  if (parts.length > 1) throw new StudioError('bad-input', `"${s}" is not COL, log1p:COL or NUM/DEN`, '--target');
  return { kind: 'column', column: s, minVotes };
}

export const describeTarget = (t: TargetSpec): string =>
  t.kind === 'ratio' ? `${t.column}/${t.denominator} (rows with ${t.denominator} ≥ ${t.minVotes})` : t.kind === 'log1p' ? `log(1 + ${t.column})` : t.column;

export interface TargetRows {
  items: ReviewItem[];
  /** rows left out: no number, or too few votes for a ratio */
  skipped: number;
  groupColumn: string | null;
}

/** The corpus's rows that have a target, with their product (the corpus's group column) and split. */
export async function readReviewItems(projectDir: string, corpusId: string, target: TargetSpec, options: { maxRows?: number; signal?: AbortSignal } = {}): Promise<TargetRows> {
  const meta = await readCorpusMeta(projectDir, corpusId);
  for (const col of [target.column, target.denominator].filter((c): c is string => c !== undefined)) {
    if (!meta.columns.includes(col)) throw new StudioError('bad-input', `corpus "${corpusId}" has no column "${col}" (it has ${meta.columns.join(', ')})`, '--target');
  }
  const items: ReviewItem[] = [];
  let skipped = 0;
  let seen = 0;
  for await (const row of readCorpusRows(projectDir, corpusId, { signal: options.signal })) {
    if (options.maxRows !== undefined && seen++ >= options.maxRows) break;
    const num = row.fields[target.column];
    let value: number | null = typeof num === 'number' ? num : null;
    if (value !== null && target.kind === 'log1p') value = Math.log1p(Math.max(0, value));
    if (value !== null && target.kind === 'ratio') {
      const den = row.fields[target.denominator!];
      const least = row.split === 'test' ? target.minVotes : (target.trainMinVotes ?? target.minVotes);
      value = typeof den === 'number' && den >= Math.max(1, least) ? value / den : null;
    }
    if (value === null || !Number.isFinite(value) || row.text.trim() === '') {
      skipped++;
      continue;
    }
    const group = meta.groupColumn ? row.fields[meta.groupColumn] : null;
    items.push({ id: row.id, text: row.text, target: value, group: group === null || group === undefined ? row.id : String(group), split: row.split });
  }
  return { items, skipped, groupColumn: meta.groupColumn ?? null };
}
