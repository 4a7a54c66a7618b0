/** erf in float64: Maclaurin series near 0, Lentz-free continued fraction for erfc in the tails (A&S 7.1.5, 7.1.14). */
export function erfRef(x: number): number {
  const t = Math.abs(x);
  if (t < 3) {
    let sum = t;
    let term = t;
    for (let k = 1; k < 200; k++) {
      term *= (-t * t) / k;
      const d = term / (2 * k + 1);
      sum += d;
      if (Math.abs(d) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  let cf = 0;
  for (let k = 60; k >= 1; k--) cf = k / 2 / (t + cf);
  return Math.sign(x) * (1 - Math.exp(-t * t) / Math.sqrt(Math.PI) / (t + cf));
}
