import { describe, expect, it } from 'vitest';
import { formatDuration, renderProgress } from './progress-bar';

describe('progress bar', () => {
  it('shows percent, counts, rate and ETA', () => {
    const line = renderProgress('Import', { step: 2500, total: 10_000, rate: 1250, etaSeconds: 6, unit: 'rows', metrics: {} }, 20);
    expect(line).toBe('Import [#####---------------]   25%  2500/10000 rows  1.3k rows/s  ETA 0:06');
  });

  it('leaves out what is not known yet', () => {
    expect(renderProgress('Job', { step: 0, total: 0, rate: null, etaSeconds: null, unit: 'steps', metrics: {} }, 4)).toBe('Job [----]    0%  0/0 steps');
  });

  it('formats durations as m:ss and h:mm:ss', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(61.4)).toBe('1:01');
    expect(formatDuration(3 * 3600 + 5 * 60 + 9)).toBe('3:05:09');
  });
});
