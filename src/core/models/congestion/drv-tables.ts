import { promises as fs } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { StudioError } from '../../../shared/errors';
import { parseCsvRecords } from '../../data/csv';
import { fitRidge, predictRidge } from '../common/ridge';
import { spearman } from '../common/rank-metrics';
import { rankMetricRecords, type ResultRecord } from '../common/results';
import { gatedForward, trainGated, type GatedOptions } from './gated';
import { METRICS, columnMoments } from './evaluate';

/**
 * MLLMA's per-layout DRV tables (ALGORITHMS-DETAIL §10; ../shared/data/congestion/
 * mllma_drv_tables, NO licence: read from ../shared by tests and benches only, never copied):
 * `id` (the CircuitNet layout file, design in its name), 20 interpretable features computed by
 * the authors, `label` = DRV count. The same gated model trains on the RISCY designs and is
 * scored on zero-riscy-a and zero-riscy-b separately; preferred = fewer DRVs.
 */
export interface DrvTable {
  ids: string[];
  designs: string[];
  features: string[];
  /** [n, K] row-major */
  x: Float64Array;
  labels: Float64Array;
}

/** `766-RISCY-a-2-c2-u0.7-…npy` → `RISCY-a`. */
export function designOf(id: string, where: string): string {
  const m = /^\d+-(.+?)-\d+-c\d+-u/.exec(id);
  if (!m) throw new StudioError('bad-input', `cannot read a design from layout id '${id}'`, where);
  return m[1];
}

export async function readDrvTable(file: string, maxRows = Infinity): Promise<DrvTable> {
  let bytes: Uint8Array = await fs.readFile(file).catch((e: Error) => {
    throw new StudioError('not-found', `cannot read the table: ${e.message}`, file);
  });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  const [header, ...rows] = parseCsvRecords(new TextDecoder().decode(bytes));
  const idCol = header.indexOf('id');
  const labelCol = header.indexOf('label');
  if (idCol < 0 || labelCol < 0) throw new StudioError('bad-file', "the table needs 'id' and 'label' columns", `${file}: row 1`);
  const featureCols = header.map((_, j) => j).filter((j) => j !== idCol && j !== labelCol);
  const kept = rows.slice(0, maxRows);
  const K = featureCols.length;
  const x = new Float64Array(kept.length * K);
  const labels = new Float64Array(kept.length);
  kept.forEach((r, i) => {
    featureCols.forEach((j, k) => {
      const v = Number(r[j]);
      if (!Number.isFinite(v)) throw new StudioError('bad-input', `'${r[j]}' is not a number`, `${file}: row ${i + 2}, ${header[j]}`);
      x[i * K + k] = v;
    });
    labels[i] = Number(r[labelCol]);
    if (!Number.isFinite(labels[i])) throw new StudioError('bad-input', `label '${r[labelCol]}' is not a number`, `${file}: row ${i + 2}, label`);
  });
  const ids = kept.map((r) => r[idCol]);
  return { ids, designs: ids.map((id, i) => designOf(id, `${file}: row ${i + 2}, id`)), features: featureCols.map((j) => header[j]), x, labels };
}

/**
 * Trains on `train`, scores every test table as its own split. Baselines: a ridge on all 20
 * features (pointwise, α = 1 on standardised columns) and the single feature with the highest
 * |SRCC| with the label on the training table (signed).
 */
export async function evaluateDrv(train: DrvTable, tests: { split: string; table: DrvTable }[], options: GatedOptions = {}): Promise<{ records: ResultRecord[]; pairs: number; bestFeature: string }> {
  const K = train.features.length;
  for (const t of tests) {
    if (t.table.features.join() !== train.features.join()) throw new StudioError('bad-input', `the ${t.split} table's columns differ from the training table's`, t.split);
  }
  const model = await trainGated({ x: train.x, features: train.features, labels: train.labels, designs: train.designs }, options);
  const { mean, std } = columnMoments(train.x, K);
  const z = (x: Float64Array) => Float64Array.from(x, (v, t) => (v - mean[t % K]) / std[t % K]);
  const ridge = fitRidge(z(train.x), train.labels, K, 1);
  const srccs = train.features.map((_, k) => spearman(Float64Array.from(train.labels, (_, i) => train.x[i * K + k]), train.labels));
  const best = srccs.reduce((b, s, k) => (Math.abs(s) > Math.abs(srccs[b]) ? k : b), 0);
  const records: ResultRecord[] = [];
  for (const { split, table } of tests) {
    const n = table.labels.length;
    const gated = Float64Array.from({ length: n }, (_, i) => -gatedForward(model, table.x.subarray(i * K, (i + 1) * K)).r);
    const ridgeScore = predictRidge(ridge, z(table.x), K);
    const single = Float64Array.from({ length: n }, (_, i) => Math.sign(srccs[best]) * table.x[i * K + best]);
    records.push(...rankMetricRecords('gated', split, gated, table.labels, METRICS, { resamples: 200 }));
    records.push(...rankMetricRecords('ridge', split, ridgeScore, table.labels, METRICS, { resamples: 200 }));
    records.push(...rankMetricRecords('bestFeature', split, single, table.labels, METRICS, { resamples: 200 }));
  }
  return { records, pairs: model.pairs, bestFeature: train.features[best] };
}
