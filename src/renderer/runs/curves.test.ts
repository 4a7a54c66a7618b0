import { describe, expect, it } from 'vitest';
import type { TrainingPoint } from '../../shared/charts/trainingCurves';
import { addProgressPoint } from './curves';

describe('live curve points from progress reports', () => {
  it('splits a sweep by run prefix and merges reports of the same step', () => {
    const runs: TrainingPoint[][] = [];
    addProgressPoint(runs, 10, { '0.l0': 4, '0.fvu': 0.5, '1.l0': 8, '1.fvu': 0.4 });
    addProgressPoint(runs, 20, { '0.l0': 4, '1.l0': 8 });
    addProgressPoint(runs, 20, { '0.fvu': 0.3 });
    expect(runs).toEqual([
      [{ step: 10, l0: 4, fvu: 0.5 }, { step: 20, l0: 4, fvu: 0.3 }],
      [{ step: 10, l0: 8, fvu: 0.4 }, { step: 20, l0: 8 }],
    ]);
  });

  it('reads unprefixed metrics as the only run and drops a report older than the last point', () => {
    const runs: TrainingPoint[][] = [];
    addProgressPoint(runs, 50, { loss: 1.5, l0: 32 });
    addProgressPoint(runs, 40, { loss: 9 });
    expect(runs).toEqual([[{ step: 50, loss: 1.5, l0: 32 }]]);
  });
});
