import { matchFeatures, MATCH_THRESHOLDS } from '../src/core/sae/match/crossRun';
import { Rng } from '../src/core/io/rng';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/**
 * Cross-run feature matching (issue 24) at SAE widths: `npm run bench -- feature-match
 * [--widths 512,1024,2048,4096] [--d 128]`. Two dictionaries of `width` directions in d dims,
 * the second holding half of the first's (permuted, with noise) and half fresh ones, as two
 * seeds of one SAE roughly do. Timed: the whole match (cosines by an ONNX Runtime GEMM, MMCS
 * both ways, Hungarian assignment by munkres) and, as the reference in the same run, the
 * cosines and MMCS alone; the ratio is what the one-to-one assignment costs on top.
 */
export async function run(args: string[]): Promise<void> {
  const widths = (option(args, 'widths') ?? '512,1024,2048,4096').split(',').map(Number);
  const d = Number(option(args, 'd') ?? 128);
  const results = [];
  for (const width of widths) {
    const rng = new Rng(width);
    const a = Float32Array.from({ length: width * d }, () => rng.normal());
    const b = Float32Array.from({ length: width * d }, () => rng.normal());
    for (let i = 0; i < width / 2; i++) {
      const j = (i * 7919) % width;
      for (let k = 0; k < d; k++) b[j * d + k] = a[i * d + k] + 0.3 * rng.normal();
    }
    let t = performance.now();
    await matchFeatures(a, b, d, { assign: false });
    const reference = (performance.now() - t) / 1000;
    t = performance.now();
    const m = await matchFeatures(a, b, d);
    const match = (performance.now() - t) / 1000;
    results.push({
      width,
      d,
      matchSeconds: +match.toFixed(3),
      mmcsOnlySeconds: +reference.toFixed(3),
      ratio: +(match / reference).toFixed(2),
      mmcsAB: +m.mmcsAB.toFixed(4),
      pairsAbove: Object.fromEntries(m.matchedAbove.map((x, i) => [MATCH_THRESHOLDS[i], x.pairs])),
      peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
    });
  }
  console.log(JSON.stringify({ bench: 'feature-match', machine: benchMachine(1), results }, null, 2));
}
