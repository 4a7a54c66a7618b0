import { describe, expect, it } from 'vitest';
import { fixedOrDash, formatCount, formatDuration, formatNumber, formatPercent, formatRate, signedFixed } from './format';

describe('formatNumber', () => {
  it.each([
    [0, '0'],
    [128, '128'],
    [-7, '-7'],
    [3.14159, '3.14'],
    [0.0345, '0.0345'],
    [0.5, '0.5'],
    [999.4, '999'],
    [999.7, '1k'],
    [1234, '1.2k'],
    [12_345, '12k'],
    [123_456, '123k'],
    [999_999, '1M'],
    [3_400_000, '3.4M'],
    [-2_500, '-2.5k'],
    [0.0034, '3.4e-3'],
    [0.003, '3e-3'],
    [-0.000_012_5, '-1.3e-5'],
    [1e18, '1000P'],
  ])('%s → %s', (value, expected) => {
    expect(formatNumber(value)).toBe(expected);
  });

  it('names the non-finite values', () => {
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('−∞');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [44.6, '45 s'],
    [200, '3 min 20 s'],
    [180, '3 min'],
    [7500, '2 h 5 min'],
    [7200, '2 h'],
  ])('%s s → %s', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('shows a dash for an unknown duration', () => {
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatRate, formatPercent, formatCount', () => {
  it('formats with units and clamps', () => {
    expect(formatRate(3400, 'rows')).toBe('3.4k rows/s');
    expect(formatPercent(0.456)).toBe('46%');
    expect(formatPercent(1.2)).toBe('100%');
    expect(formatPercent(-0.1)).toBe('0%');
    expect(formatCount(1_234_567)).toBe('1,234,567');
  });
});

describe('fixed decimals for metrics and contributions', () => {
  it('shows a missing metric as a dash and a measured one at its decimals', () => {
    expect([fixedOrDash(null, 3), fixedOrDash(undefined, 2), fixedOrDash(0.12345, 3), fixedOrDash(-0.5, 2), fixedOrDash(0, 3)]).toEqual(['—', '—', '0.123', '-0.50', '0.000']);
  });

  it('always signs a contribution', () => {
    expect([signedFixed(0.5, 4), signedFixed(0, 4), signedFixed(-0.25, 3)]).toEqual(['+0.5000', '+0.0000', '-0.250']);
  });
});
