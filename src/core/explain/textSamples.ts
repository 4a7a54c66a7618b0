/**
 * Samples from the studio's text model as test inputs (issue 19, SAGE's "samples from the
 * model"): short continuations of a feature's exemplar prefixes, drawn byte by byte from the
 * model's next-byte distribution with a seeded generator. The text tests read the continuation's
 * bytes through the model and SAE like any other input (textLab.ts, source "model sample").
 */
import type { Rng } from '../io/rng';
import type { TextInference } from './textModel';

/** bytes sampled per prefix: the prefix ends 3 bytes before the exemplar's byte, so 10 reach 6 past it */
export const SAMPLE_BYTES = 10;

/** Each prefix continued by `length` sampled bytes (the prefix cut from the left to leave room in the context). */
export async function sampleContinuations(inf: TextInference, prefixes: readonly Uint8Array[], rng: Rng, opts: { length?: number; temperature?: number } = {}): Promise<{ windows: Uint8Array[]; from: number[] }> {
  const { T, V } = inf;
  const length = Math.min(opts.length ?? SAMPLE_BYTES, T - 1);
  const temperature = opts.temperature ?? 1;
  const windows = prefixes.map((p) => {
    const kept = p.subarray(Math.max(0, p.length - (T - length)));
    const w = new Uint8Array(kept.length + length);
    w.set(kept);
    return w;
  });
  const from = prefixes.map((p) => Math.min(p.length, T - length));
  for (let s = 0; s < length; s++) {
    const { logits } = await inf.forward(windows.map((w, i) => w.subarray(0, from[i] + s)));
    windows.forEach((w, i) => {
      const at = (i * T + from[i] + s - 1) * V;
      w[from[i] + s] = draw(logits.subarray(at, at + V), temperature, rng);
    });
  }
  return { windows, from };
}

function draw(logits: Float32Array, temperature: number, rng: Rng): number {
  let max = -Infinity;
  for (const l of logits) max = Math.max(max, l);
  const p = Array.from(logits, (l) => Math.exp((l - max) / temperature));
  let u = rng.next() * p.reduce((a, b) => a + b, 0);
  for (let v = 0; v < p.length; v++) if ((u -= p[v]) <= 0) return v;
  return p.length - 1;
}
