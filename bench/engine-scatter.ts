import { Rng } from '../src/core/io/rng';
import { EngineSession, exportStep, input, ops as o } from '../src/core/engine';

/*
 * The TopK SAE decoder gradient: k rows per example, B·k rows of width d added into an [m, d]
 * table (idx repeats across the batch). Compares the engine's scatterAdd lowering with the dense
 * alternative Sᵀ·G (S the [B, m] sparse code made dense), which costs one full matmul.
 * `npm run bench -- engine-scatter [--size BxKxMxD]`
 */
export async function run(argv: string[]): Promise<void> {
  const sizeArg = argv.indexOf('--size');
  const sizes = sizeArg >= 0 ? [argv[sizeArg + 1].split('x').map(Number)] : [[1024, 32, 4096, 512], [1024, 32, 16384, 512]];
  for (const [B, k, m, d] of sizes) {
    const rng = new Rng(0);
    const idx = BigInt64Array.from({ length: B * k }, () => BigInt(rng.int(m)));
    const upd = Float32Array.from({ length: B * k * d }, () => rng.normal());
    const sparse = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.scatterAdd(input('idx', [B * k], 'int64'), input('upd', [B * k, d]), m) } }));
    const codes = Float32Array.from({ length: B * m }, () => rng.normal());
    const g = Float32Array.from({ length: B * d }, () => rng.normal());
    const dense = await EngineSession.create(exportStep({ updates: [], outputs: { y: o.matmul(o.transposeLast(input('s', [B, m])), input('g', [B, d])) } }));
    const t = async (f: () => Promise<unknown>) => {
      await f();
      let best = Infinity;
      for (let i = 0; i < 5; i++) {
        const t0 = performance.now();
        await f();
        best = Math.min(best, performance.now() - t0);
      }
      return Number(best.toFixed(1));
    };
    const sparseMs = await t(() => sparse.run({ idx, upd }));
    const denseMs = await t(() => dense.run({ s: codes, g }));
    console.log(JSON.stringify({ B, k, m, d, scatterAddMs: sparseMs, denseMatmulMs: denseMs }));
    await Promise.all([sparse.dispose(), dense.dispose()]);
  }
}
