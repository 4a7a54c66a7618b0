import type { TrainingPoint } from '../../shared/charts/trainingCurves';

/**
 * Adds one progress report of a training job to its runs' curves, in place. A sweep reports
 * each run's metrics as `<i>.name` (train-sae's progressMetrics), a single run as `name`; a
 * report older than the last point of a run is dropped (events can arrive after a fetch).
 */
export function addProgressPoint(runs: TrainingPoint[][], step: number, metrics: Readonly<Record<string, number>>): void {
  for (const [key, v] of Object.entries(metrics)) {
    const m = /^(\d+)\.(.+)$/.exec(key);
    const run = m ? Number(m[1]) : 0;
    const name = m ? m[2] : key;
    runs[run] ??= [];
    const points = runs[run];
    let last = points[points.length - 1] as Record<string, number> | undefined;
    if (last && last.step > step) continue;
    if (!last || last.step !== step) {
      last = { step };
      points.push(last as TrainingPoint);
    }
    last[name] = v;
  }
}
