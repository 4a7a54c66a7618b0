import { StudioError } from '../../../shared/errors';
import type { StepMetrics } from './trainerOptions';

/**
 * Training stopped at its first non-finite metric (issue 24: a finite 3e38 activation trained
 * to NaN at every step and ended in an `internal` error). The weights in memory are already
 * poisoned, so nothing is saved after this: the last checkpoint on disk is the last good state.
 */
export class TrainingDiverged extends StudioError {
  constructor(
    readonly step: number,
    readonly run: number,
    metric: string,
    value: number,
    where: string,
  ) {
    super('runtime', `training diverged: ${metric} is ${value} at step ${step}; lower the learning rate or check the data for huge values`, where);
  }
}

/** The first run whose loss is NaN or ±inf in a chunk of steps (metrics[run][j]). */
export function firstNonFinite(metrics: readonly (readonly StepMetrics[])[]): { run: number; step: number; metric: string; value: number } | null {
  const steps = metrics[0]?.length ?? 0;
  for (let j = 0; j < steps; j++) {
    for (let run = 0; run < metrics.length; run++) {
      const m = metrics[run][j];
      if (m.loss !== undefined && !Number.isFinite(m.loss)) return { run, step: m.step, metric: 'the loss', value: m.loss };
    }
  }
  return null;
}
