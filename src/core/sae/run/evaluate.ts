import path from 'node:path';
import type { RunEval } from '../../../shared/schemas/run';
import { openNpy } from '../../data/npy';
import type { ActivationStore } from '../../data/store';
import { meanMaxCosine } from '../../evals/toy/mmcs';
import type { Sae } from '../checkpoint/sae';
import { evaluateOnSource } from '../evaluate';
import { storeSource } from '../train/source';
import { type BenchmarkMetrics, type BenchmarkOptions, benchmarkMetrics } from './benchmarkMetrics';

/** The dataset label under which the toy generator stores its true feature directions. */
const GROUND_TRUTH_LABEL = 'ground-truth features';

/**
 * A run's eval.json: core metrics on the dataset's validation split, plus MMCS against the
 * dataset's ground-truth features when it has them. Decoder atoms are compared in the
 * original space (W⁻¹·W_dec,i for a whitened SAE, ALGORITHMS-DETAIL.md §4).
 */
export async function evaluateRunOnStore(sae: Sae, store: ActivationStore, datasetId: string, opts: { signal?: AbortSignal; onBatch?(rows: number): void; bench?: BenchmarkOptions } = {}): Promise<RunEval> {
  const m = await evaluateOnSource(sae, storeSource(store, 0), opts);
  return {
    datasetId,
    evaluatedAt: new Date().toISOString(),
    rows: m.rows,
    l0: m.l0,
    l1: m.l1,
    mse: m.mse,
    explainedVariance: m.explainedVariance,
    fvu: m.fvu,
    cossim: m.cossim,
    deadFraction: m.deadFraction,
    denseFraction: m.denseFraction,
    densityHistogram: m.densityHistogram,
    mmcs: await groundTruthMmcs(sae, store),
    ...benchmarkFields(await benchmarkMetrics(sae, store, opts.bench)),
  };
}

/** The benchmark metrics as eval.json holds them. */
export function benchmarkFields(b: BenchmarkMetrics): Partial<RunEval> {
  const s = b.spliced;
  return {
    ceLossRecovered: s ? s.ceLossRecovered : null,
    klDiv: s ? s.klDiv : null,
    spliced: s ? { positions: s.positions, ceClean: s.ceClean, ceSae: s.ceSae, ceZero: s.ceZero, klDivZero: s.klDivZero, klDivScore: s.klDivScore } : null,
    maxDecoderCosine: b.maxDecoderCosine,
    maxEncoderCosine: b.maxEncoderCosine,
    sparseProbing: b.sparseProbing,
    sparseProbingMean: b.sparseProbingMean,
    sparseProbingRaw: b.sparseProbingRaw,
    sparseProbingRawMean: b.sparseProbingRawMean,
    absorption: b.absorption,
  };
}

async function groundTruthMmcs(sae: Sae, store: ActivationStore): Promise<number | null> {
  const label = store.meta.labels.find((l) => l.name === GROUND_TRUTH_LABEL);
  if (!label) return null;
  const npy = await openNpy(path.join(store.dir, label.file));
  try {
    if (npy.cols !== sae.dIn) return null;
    const truth = await npy.readRows(0, npy.rows);
    return meanMaxCosine(originalSpaceAtoms(sae), truth, sae.dIn).mmcs;
  } finally {
    await npy.close();
  }
}

/** Decoder rows mapped back to the original activation space. */
export function originalSpaceAtoms(sae: Sae): Float32Array {
  const w = sae.whitening;
  if (!w) return sae.W_dec;
  const d = sae.dIn;
  const out = new Float32Array(sae.W_dec.length);
  for (let r = 0; r < sae.dSae; r++) {
    for (let k = 0; k < d; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += w.Winv[k * d + j] * sae.W_dec[r * d + j];
      out[r * d + k] = s;
    }
  }
  return out;
}
