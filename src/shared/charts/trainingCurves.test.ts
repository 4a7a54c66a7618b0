import { describe, expect, it } from 'vitest';
import type { LineSeriesOption } from 'echarts';
import { StudioError } from '../errors';
import { lightChartTheme } from './theme';
import { TRAINING_FAMILIES, trainingCurvesOption, trainingCurvesUpdate, type TrainingPoint } from './trainingCurves';

const family = (id: string) => TRAINING_FAMILIES.find((f) => f.id === id)!;
const points: TrainingPoint[] = [
  { step: 50, loss: 2.5, mse: 2.5, l0: 32, fvu: 0.9, deadFraction: 0 },
  { step: 100, loss: 0.8, mse: 0.7, auxK: 0.1, l0: 32, fvu: 0.4, deadFraction: 0.02 },
  { step: 150, loss: 0, mse: 0, l0: 31, fvu: 0.2, deadFraction: 0.05 },
];

describe('training curves', () => {
  it('draws one series per metric present, with steps on x and ids for merging', () => {
    const option = trainingCurvesOption(family('fidelity'), points, lightChartTheme, 200);
    const series = option.series as LineSeriesOption[];
    expect(series.map((s) => s.id)).toEqual(['metric:fvu', 'metric:deadFraction']);
    expect(series[0].data).toEqual([[50, 0.9], [100, 0.4], [150, 0.2]]);
    expect(option.xAxis).toMatchObject({ max: 200, name: 'training step (optimizer steps)' });
    expect((option.yAxis as { name: string }).name).toBe('fraction (0–1)');
    // before the first progress report the total is unknown (0): the axis fits the data instead
    expect((trainingCurvesOption(family('fidelity'), points, lightChartTheme, 0).xAxis as { max?: number }).max).toBeUndefined();
  });

  it('leaves out the zeros a log axis cannot place, and metrics nobody reported', () => {
    const series = trainingCurvesOption(family('loss'), points, lightChartTheme).series as LineSeriesOption[];
    expect(series.map((s) => s.name)).toEqual(['loss', 'mse', 'auxK']);
    expect(series[0].data).toEqual([[50, 2.5], [100, 0.8]]);
    expect(series[2].data).toEqual([[100, 0.1]]);
  });

  it('patches only the series data, by the same ids', () => {
    const patch = trainingCurvesUpdate(family('l0'), points.slice(0, 2));
    expect(patch.xAxis).toBeUndefined();
    expect(patch.series).toEqual([{ id: 'metric:l0', type: 'line', name: 'l0', showSymbol: false, data: [[50, 32], [100, 32]] }]);
  });

  it('names a point whose step is not a number', () => {
    const bad = [{ step: Number.NaN, loss: 1 }];
    expect(() => trainingCurvesOption(family('loss'), bad, lightChartTheme)).toThrow(StudioError);
    expect(() => trainingCurvesOption(family('loss'), bad, lightChartTheme)).toThrow(expect.objectContaining({ where: 'points[0].step' }));
  });
});
