import { StudioError } from '../../../shared/errors';
import { CompiledSae } from '../checkpoint/compiled';
import type { Sae } from '../checkpoint/sae';
import { type CoreMetrics, CoreMetricsAccumulator, type CoreMetricsOptions } from './core';

/**
 * Core metrics of an SAE over a stream of raw activation batches (e.g. the validation split
 * of an ActivationStore), with the forward pass compiled to ONNX Runtime (one session for the
 * whole stream). Reconstructions are compared in the original space even when the SAE whitens
 * its input.
 */
export async function evaluateSae(
  sae: Sae,
  batches: AsyncIterable<Float32Array>,
  opts: CoreMetricsOptions & { signal?: AbortSignal; onBatch?(rowsDone: number): void } = {},
): Promise<CoreMetrics> {
  const acc = new CoreMetricsAccumulator(sae.dIn, sae.dSae, opts);
  const compiled = await CompiledSae.create(sae);
  try {
    let rows = 0;
    for await (const x of batches) {
      if (opts.signal?.aborted) throw new StudioError('cancelled', 'evaluation cancelled', 'evaluateSae');
      const { f, xHat } = await compiled.forward(x);
      acc.add(x, xHat, f);
      rows += x.length / sae.dIn;
      opts.onBatch?.(rows);
    }
  } finally {
    await compiled.dispose();
  }
  return acc.result();
}
