import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../shared/schemas/job';
import { keptBy } from './run-job';

// Issue 24: Ctrl-C on `train` said "the project is unchanged" while the run was saved as cancelled.
describe('what a cancelled job kept', () => {
  const job = (result: unknown) => ({ id: 'j', kind: 'train-sae', state: 'cancelled', result }) as unknown as JobInfo;

  it('names the runs a cancelled training kept, and says unchanged only when nothing was', () => {
    expect(keptBy(job({ runs: [{ id: 'topk-1', steps: 120, plannedSteps: 1000 }], resumed: false }))).toBe('kept runs/topk-1 at step 120 of 1000 as cancelled (resumable)');
    expect(keptBy(job(undefined))).toBe('the project is unchanged');
    expect(keptBy(job({ runs: [] }))).toBe('the project is unchanged');
  });
});
