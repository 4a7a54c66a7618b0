/** Tolerances for comparing numbers: |a − e| ≤ atol + rtol·|e| elementwise (numpy's allclose). */
export interface Tol {
  rtol: number;
  atol: number;
}

/** The first index that fails, with both values, or null when all are close. */
export function mismatch(actual: ArrayLike<number | bigint>, expected: ArrayLike<number>, tol: Tol): string | null {
  if (actual.length !== expected.length) return `length ${actual.length} vs ${expected.length}`;
  for (let i = 0; i < expected.length; i++) {
    const a = Number(actual[i]);
    const e = expected[i];
    if (Number.isNaN(a) || Math.abs(a - e) > tol.atol + tol.rtol * Math.abs(e)) return `index ${i}: got ${a}, expected ${e}`;
  }
  return null;
}
