import { describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { bootstrapInterval, pick, quantile } from './bootstrap';
import { rankMetricRecords, resultsCsv, metricMap } from './results';

const mean = (xs: Float64Array) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('bootstrap intervals', () => {
  it('quantile interpolates linearly (numpy default)', () => {
    expect(quantile([0, 10, 20, 30], 0.5)).toBe(15);
    expect(quantile([0, 10, 20, 30], 0.025)).toBeCloseTo(0.75, 12);
  });

  it('a mean of 400 N(0,1) draws gets an interval ≈ ±1.96/√400 around it', () => {
    const rng = new Rng(3);
    const xs = Float64Array.from({ length: 400 }, () => rng.normal());
    const iv = bootstrapInterval(xs.length, (idx) => mean(pick(xs, idx)), { resamples: 2000, seed: 5 });
    expect(iv.value).toBeCloseTo(mean(xs), 12);
    expect(iv.low).toBeLessThan(iv.value);
    expect(iv.high).toBeGreaterThan(iv.value);
    // normal theory: half-width 1.96·σ/√n ≈ 0.098
    expect((iv.high - iv.low) / 2).toBeGreaterThan(0.08);
    expect((iv.high - iv.low) / 2).toBeLessThan(0.12);
    // same seed, same interval
    expect(bootstrapInterval(xs.length, (idx) => mean(pick(xs, idx)), { resamples: 2000, seed: 5 })).toEqual(iv);
  });

  it('results: rank metrics as records with intervals, and their CSV', () => {
    const label = [1, 2, 3, 4, 5, 6, 7, 8];
    const pred = [1.1, 1.9, 3.2, 3.9, 5.3, 5.8, 7.4, 7.9];
    const recs = rankMetricRecords('m', 'test', pred, label, ['srcc', 'plcc'], { resamples: 200 });
    expect(recs.map((r) => r.metric)).toEqual(['srcc', 'plcc']);
    expect(recs[0]).toMatchObject({ model: 'm', split: 'test', value: 1 });
    expect(recs[1].low!).toBeLessThanOrEqual(recs[1].value!);
    expect(metricMap(recs, 'm', 'test')).toEqual({ srcc: 1, plcc: recs[1].value });
    expect(resultsCsv(recs).split('\n')[0]).toBe('model,metric,value,low,high,split');
  });
});
