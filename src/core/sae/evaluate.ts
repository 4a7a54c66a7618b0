import type { Sae } from './checkpoint/sae';
import { evaluateSae } from './metrics/evaluate';
import type { CoreMetrics } from './metrics/core';
import type { BatchSource } from './train/source';

/**
 * Core metrics of an SAE on a source's validation rows (the train rows when there are none),
 * in the original activation space.
 */
export function evaluateOnSource(sae: Sae, source: BatchSource, opts: { batchSize?: number; signal?: AbortSignal; onBatch?(rowsDone: number): void } = {}): Promise<CoreMetrics> {
  return evaluateSae(sae, source.validation(opts.batchSize ?? 1024), { signal: opts.signal, onBatch: opts.onBatch });
}
