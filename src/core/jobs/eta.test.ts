import { describe, expect, it } from 'vitest';
import { RateMeter } from './eta';

/** A clock the test moves by hand, in milliseconds. */
function manualClock() {
  let t = 0;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RateMeter', () => {
  it('is unknown until time and work have both advanced', () => {
    const clock = manualClock();
    const meter = new RateMeter(10_000, clock.now);
    expect(meter.update(0, 100)).toEqual({ rate: null, etaSeconds: null });
    expect(meter.update(0, 100)).toEqual({ rate: null, etaSeconds: null });
  });

  it('gives rate and time left at a steady pace', () => {
    const clock = manualClock();
    const meter = new RateMeter(10_000, clock.now);
    meter.update(0, 1000);
    clock.advance(2000);
    const { rate, etaSeconds } = meter.update(100, 1000);
    expect(rate).toBeCloseTo(50, 10); // 100 items in 2 s
    expect(etaSeconds).toBeCloseTo(18, 10); // 900 left at 50/s
  });

  it('follows a change of pace within its window', () => {
    const clock = manualClock();
    const meter = new RateMeter(5_000, clock.now);
    let step = 0;
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      meter.update((step += 10), 10_000); // 10/s
    }
    let last = { rate: 0 as number | null, etaSeconds: 0 as number | null };
    for (let i = 0; i < 10; i++) {
      clock.advance(1000);
      last = meter.update((step += 100), 10_000); // then 100/s
    }
    // The window holds only the fast phase (plus at most one sample at its edge).
    expect(last.rate).toBeGreaterThan(90);
    expect(last.rate).toBeLessThanOrEqual(100);
    expect(last.etaSeconds).toBeCloseTo((10_000 - step) / last.rate!, 10);
  });

  it('restarts when progress goes backwards (a new phase)', () => {
    const clock = manualClock();
    const meter = new RateMeter(10_000, clock.now);
    meter.update(0, 10);
    clock.advance(1000);
    meter.update(10, 10);
    clock.advance(1000);
    expect(meter.update(1, 50)).toEqual({ rate: null, etaSeconds: null });
  });
});
