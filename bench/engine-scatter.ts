import os from 'node:os';
import { Rng } from '../src/core/io/rng';
import { EngineSession, exportStep, input, ops as o } from '../src/core/engine';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * The TopK SAE decoder gradient Vᵀ·G: k (latent, value) pairs per example, B·k rows of width d
 * summed into an [m, d] table (latents repeat across the batch). Compares the engine's
 * sparseTMatmul (the segmented scan TopK trains with) with the dense alternative, V made a dense
 * [B, m] code and one full matmul.
 * `npm run bench -- engine-scatter [--size BxKxMxD]`
 */
export async function run(argv: string[]): Promise<void> {
  const size = option(argv, 'size');
  const sizes = size ? [size.split('x').map(Number)] : [[1024, 32, 4096, 512], [1024, 32, 16384, 512]];
  for (const [B, k, m, d] of sizes) {
    const rng = new Rng(0);
    const idx = BigInt64Array.from({ length: B * k }, () => BigInt(rng.int(m)));
    const vals = Float32Array.from({ length: B * k }, () => rng.normal());
    const g = Float32Array.from({ length: B * d }, () => rng.normal());
    const sparse = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.sparseTMatmul(input('idx', [B, k], 'int64'), input('vals', [B, k]), input('g', [B, d]), m) } }));
    const codes = Float32Array.from({ length: B * m }, () => rng.normal());
    const dense = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.matmul(o.transposeLast(input('s', [B, m])), input('g', [B, d])) } }));
    // Interleaved, best of 15 each: the machine is shared and its speed drifts within a minute.
    const calls = [() => sparse.run({ idx, vals, g }), () => dense.run({ s: codes, g })];
    for (const call of calls) await call();
    const best = [Infinity, Infinity];
    for (let i = 0; i < 15; i++) {
      for (let c = 0; c < calls.length; c++) {
        const t0 = performance.now();
        await calls[c]();
        best[c] = Math.min(best[c], performance.now() - t0);
      }
    }
    console.log(JSON.stringify({ machine: benchMachine(os.availableParallelism()), B, k, m, d, sparseTMatmulMs: Number(best[0].toFixed(1)), denseMatmulMs: Number(best[1].toFixed(1)) }));
    await Promise.all([sparse.dispose(), dense.dispose()]);
  }
}
