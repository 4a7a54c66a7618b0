import type { FeatureMatchResult, FeatureMatchRow } from './schemas/match';

/** The feature-matching table's columns, one definition each: the screen, its sort and the CSV read them. */
export interface MatchColumn {
  key: 'a' | 'b' | 'cosine' | 'aBestCosine' | 'bBestCosine';
  label: (r: FeatureMatchResult) => string;
  value: (row: FeatureMatchRow) => number | null;
}

export const MATCH_COLUMNS: readonly MatchColumn[] = [
  { key: 'a', label: (r) => `feature of ${r.runA.name}`, value: (row) => row.a },
  { key: 'b', label: (r) => `feature of ${r.runB.name}`, value: (row) => row.b },
  { key: 'cosine', label: () => 'assigned cosine', value: (row) => row.cosine },
  { key: 'aBestCosine', label: (r) => `best cosine in ${r.runB.name}`, value: (row) => row.aBestCosine },
  { key: 'bBestCosine', label: (r) => `best cosine in ${r.runA.name}`, value: (row) => row.bBestCosine },
];

export type MatchSortKey = MatchColumn['key'];

/** Rows sorted by one column, missing values (an unassigned side) last whichever the direction. */
export function sortMatchRows(rows: readonly FeatureMatchRow[], key: MatchSortKey, descending: boolean): FeatureMatchRow[] {
  const column = MATCH_COLUMNS.find((c) => c.key === key) ?? MATCH_COLUMNS[0];
  const sign = descending ? -1 : 1;
  return [...rows].sort((x, y) => {
    const a = column.value(x);
    const b = column.value(y);
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    return sign * (a - b);
  });
}

/** RFC 4180 CSV of these rows (feature numbers, cosines at full precision, each side's best partner), unassigned cells empty. */
export function matchCsv(result: FeatureMatchResult, rows: readonly FeatureMatchRow[] = result.rows): string {
  const cell = (v: string | number | null) => {
    if (v === null) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = [`${result.runA.name} feature`, `${result.runB.name} feature`, 'assigned cosine', `best in ${result.runB.name}`, 'its cosine', `best in ${result.runA.name}`, 'its cosine'];
  const lines = [header, ...rows.map((r) => [r.a, r.b, r.cosine, r.aBest, r.aBestCosine, r.bBest, r.bBestCosine])].map((cells) => cells.map(cell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** Each side's best-match cosines, the histogram's two series. */
export function bestCosines(result: FeatureMatchResult): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (const r of result.rows) {
    if (r.aBestCosine !== null) a.push(r.aBestCosine);
    if (r.bBestCosine !== null) b.push(r.bBestCosine);
  }
  return { a, b };
}
