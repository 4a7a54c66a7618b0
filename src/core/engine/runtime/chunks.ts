import { StudioError } from '../../../shared/errors';

/**
 * Runs a graph compiled for `chunk` rows over any number of rows: `x` [rows, d] goes in `chunk`
 * rows at a time, the last chunk padded with zero rows, and each named output [chunk, width]
 * has its real rows copied into place. `what` names the graph in the error for a ragged `x`.
 */
export async function runRowChunks(
  x: Float32Array,
  d: number,
  chunk: number,
  widths: Readonly<Record<string, number>>,
  run: (xc: Float32Array) => Promise<Record<string, unknown>>,
  what: string,
): Promise<Record<string, Float32Array>> {
  if (x.length % d !== 0) throw new StudioError('shape', `input x holds ${x.length} values, not a whole number of rows of ${d} (${what})`, 'x');
  const rows = x.length / d;
  const out = Object.fromEntries(Object.entries(widths).map(([name, w]) => [name, new Float32Array(rows * w)]));
  for (let r0 = 0; r0 < rows; r0 += chunk) {
    const n = Math.min(chunk, rows - r0);
    let xc = x.subarray(r0 * d, (r0 + n) * d);
    if (n < chunk) {
      const padded = new Float32Array(chunk * d);
      padded.set(xc);
      xc = padded;
    }
    const result = await run(xc);
    for (const [name, w] of Object.entries(widths)) out[name].set((result[name] as Float32Array).subarray(0, n * w), r0 * w);
  }
  return out;
}
