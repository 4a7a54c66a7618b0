import { z } from 'zod';
import { bootstrapInterval, pick, type BootstrapOptions } from './bootstrap';
import { RANK_METRICS, type RankMetricName } from './rank-metrics';

/**
 * One measured number of a model workspace: Compare, reports, CSV and `--json` all read these
 * records one way. `low`/`high` bound a bootstrap interval (NaN-free: null when not computed).
 */
export const ResultRecord = z.object({
  /** the model or baseline measured (e.g. 'gated', 'rudySum') */
  model: z.string(),
  /** the metric's name (e.g. 'srcc') */
  metric: z.string(),
  value: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
  /** the data it was measured on (e.g. 'test', 'zero-riscy-a') */
  split: z.string(),
});
export type ResultRecord = z.infer<typeof ResultRecord>;

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Records of the rank metrics of `pred` against `label`, each with a paired-bootstrap 95% interval. */
export function rankMetricRecords(model: string, split: string, pred: ArrayLike<number>, label: ArrayLike<number>, metrics: readonly RankMetricName[] = ['plcc', 'srcc', 'krcc', 'ndcg'], bootstrap: BootstrapOptions = {}): ResultRecord[] {
  return metrics.map((metric) => {
    const f = RANK_METRICS[metric];
    const iv = bootstrapInterval(pred.length, (idx) => f(pick(pred, idx), pick(label, idx)), bootstrap);
    return { model, metric, value: finiteOrNull(iv.value), low: finiteOrNull(iv.low), high: finiteOrNull(iv.high), split };
  });
}

/** `{metric: value}` of one model and split, the shape the `--json` outputs print. */
export function metricMap(records: readonly ResultRecord[], model: string, split: string): Record<string, number | null> {
  return Object.fromEntries(records.filter((r) => r.model === model && r.split === split).map((r) => [r.metric, r.value]));
}

/** CSV of records (header model,metric,value,low,high,split); empty cells for nulls. */
export function resultsCsv(records: readonly ResultRecord[]): string {
  const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const rows = records.map((r) => [r.model, r.metric, r.value, r.low, r.high, r.split].map(cell).join(','));
  return ['model,metric,value,low,high,split', ...rows].join('\n') + '\n';
}
