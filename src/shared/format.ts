/**
 * Number and duration formatting shared by the screens, the charts and the reports, so an
 * analyst reads the same figure ("1.2k", "3.4e-3") wherever it appears.
 */

const SUFFIXES = ['', 'k', 'M', 'G', 'T', 'P'];

/** Drops trailing zeros of a fixed/precision string: "1.50" → "1.5", "2.0" → "2". */
function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * Compact form: thousands and up get an SI suffix with one decimal below 10 ("1.2k", "12k",
 * "340M"); magnitudes under 0.01 use exponent notation ("3.4e-3"); the rest keep three
 * significant digits ("0.0345", "3.14", "128").
 */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs < 0.01) return sign + trimExponent(abs.toExponential(1));
  // 999.7 rounds to "1000" at three digits: it belongs with the thousands ("1k").
  if (Number(abs.toPrecision(3)) < 1000) {
    // An integer below 1000 is shown exactly (a row count of 128 stays 128).
    return sign + (Number.isInteger(abs) ? String(abs) : trimZeros(abs.toPrecision(3)));
  }
  let tier = Math.min(Math.floor(Math.log10(abs) / 3), SUFFIXES.length - 1);
  let scaled = abs / 10 ** (tier * 3);
  let text = scaled < 10 ? trimZeros(scaled.toFixed(1)) : String(Math.round(scaled));
  // 999_999 rounds to "1000k": carry it into the next suffix instead.
  if (text === '1000' && tier < SUFFIXES.length - 1) {
    tier += 1;
    scaled = abs / 10 ** (tier * 3);
    text = trimZeros(scaled.toFixed(1));
  }
  return sign + text + SUFFIXES[tier];
}

/** "3.0e-3" → "3e-3": the mantissa keeps only the digits that carry information. */
function trimExponent(text: string): string {
  const [mantissa, exponent] = text.split('e');
  return `${trimZeros(mantissa)}e${exponent.replace('+', '')}`;
}

/** An integer count with thin grouping for exact figures in tables: 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** A number at fixed decimals, grouped: a column of scores reads down (0.059 above 0.007), widths as 4,096. */
export function formatFixed(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A figure that may be missing (null or undefined: not measured) at fixed decimals, "—" where it is: 0.1234 → "0.123". */
export function fixedOrDash(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined ? '—' : value.toFixed(decimals);
}

/** A contribution or margin at fixed decimals with its sign always shown: 0.5 → "+0.5000", -0.25 → "-0.2500". */
export function signedFixed(value: number, decimals: number): string {
  return (value >= 0 ? '+' : '') + value.toFixed(decimals);
}

/** A duration in seconds as the two largest units: "45 s", "3 min 20 s", "2 h 5 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return s % 60 === 0 ? `${minutes} min` : `${minutes} min ${s % 60} s`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** A rate with its unit: (3400, 'rows') → "3.4k rows/s". */
export function formatRate(perSecond: number, unit: string): string {
  return `${formatNumber(perSecond)} ${unit}/s`;
}

/** A fraction in [0, 1] as a whole percent, clamped: 0.456 → "46%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '—';
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}
