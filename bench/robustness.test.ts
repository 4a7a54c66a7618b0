import { describe, expect, it } from 'vitest';
import { CASE_KINDS } from './robustness/cases';
import { robustness } from './robustness';

// The robustness bench (issue 24) at a tiny size: every kind of bad input once (dataset imports
// in-process: a job process costs seconds to start), one kill -9, every serve check. The full
// size, with job processes, is `npm run bench -- robustness`.
describe('robustness bench, tiny', () => {
  it('reports no crash, hang or changed project, every kill -9 intact, every serve check passed', async () => {
    const report = await robustness({ cases: CASE_KINDS.length, kills: 1, seed: 7, hangMs: 10_000, viaJobs: false });
    expect(report.failures).toEqual([]);
    expect(report.badInputs).toMatchObject({ tried: CASE_KINDS.length, crashes: 0, hangs: 0, projectChanged: 0 });
    expect(report.badInputs.namedErrors + report.badInputs.accepted).toBe(CASE_KINDS.length);
    expect(report.killNine).toEqual({ tries: 1, intact: 1, continued: 1 });
    expect(report.serve.checks).toBeGreaterThan(40);
    expect(report.serve.passed).toBe(report.serve.checks);
  }, 90_000);
});
