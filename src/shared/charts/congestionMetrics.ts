import type { RunTable } from './runTable';
import { fixedOrDash } from '../format';

/** A result record as the model workspaces write them (core/models/common/results.ts). */
export interface MetricRecord {
  model: string;
  metric: string;
  value: number | null;
  low: number | null;
  high: number | null;
  split: string;
}

export const CONGESTION_METRICS = ['plcc', 'srcc', 'krcc', 'ndcg'] as const;

/** What each model of the congestion table is; all scores are congestion scores (the gated model's is −R). */
export const CONGESTION_MODEL_LABELS: Record<string, string> = {
  gated: 'gated preference model (features)',
  gatedPooledMaps: 'gated preference model (pooled maps)',
  ridge: 'ridge on all features',
  rudySum: 'RUDY sum',
  topTileMean: 'top-20 tile mean of RUDY (GPDL-style)',
  bestFeature: 'best single feature',
};

const f3 = (v: number | null | undefined) => fixedOrDash(v, 3);

/** One row per model, "value [low, high]" per metric, on one split (default: the held-out designs' mean). */
export function congestionMetricsTable(records: readonly MetricRecord[], split = 'test'): RunTable {
  const models = [...new Set(records.filter((r) => r.split === split).map((r) => r.model))];
  return {
    columns: [{ key: 'model', label: 'model (congestion score)', align: 'left' }, ...CONGESTION_METRICS.map((m) => ({ key: m, label: m.toUpperCase(), align: 'right' as const }))],
    rows: models.map((model) => [
      CONGESTION_MODEL_LABELS[model] ?? model,
      ...CONGESTION_METRICS.map((m) => {
        const r = records.find((x) => x.model === model && x.metric === m && x.split === split);
        return r ? `${f3(r.value)} [${f3(r.low)}, ${f3(r.high)}]` : '—';
      }),
    ]),
  };
}
