import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../shared/schemas/job';
import { isActive, isStale } from './jobOrder';

const job = (state: JobInfo['state'], step: number | null): JobInfo => ({
  id: 'j1',
  kind: 'import-dataset',
  title: 'Import',
  state,
  progress: step === null ? null : { step, total: 100, etaSeconds: null, rate: null, unit: 'rows', metrics: {} },
  startedAt: '2026-01-01T00:00:00.000Z',
  endedAt: null,
  error: null,
});

describe('job snapshot order', () => {
  it('keeps the first snapshot of a job', () => {
    expect(isStale(undefined, job('queued', null))).toBe(false);
  });

  it('drops a snapshot from an earlier state', () => {
    expect(isStale(job('running', 10), job('queued', null))).toBe(true);
    expect(isStale(job('done', 100), job('running', 90))).toBe(true);
    expect(isStale(job('cancelled', 40), job('running', 40))).toBe(true);
  });

  it('drops a snapshot with fewer steps done in the same state', () => {
    expect(isStale(job('running', 50), job('running', 20))).toBe(true);
    expect(isStale(job('running', 20), job('running', 50))).toBe(false);
    expect(isStale(job('running', 20), job('running', 20))).toBe(false);
  });

  it('takes any move forward', () => {
    expect(isStale(job('queued', null), job('running', 0))).toBe(false);
    expect(isStale(job('running', 99), job('error', 99))).toBe(false);
  });

  it('counts queued and running jobs as active', () => {
    expect(['queued', 'running', 'done', 'error', 'cancelled'].map((s) => isActive(job(s as JobInfo['state'], 0)))).toEqual([true, true, false, false, false]);
  });
});
