/**
 * The two baselines measured in the same table as the SAEs (Karvonen et al. 2024, ALGORITHMS.md
 * §4): a random dictionary of the same width, and the model's own residual basis ("neurons").
 * Both go through the same evaluation code as the SAEs.
 */
import { CompiledSae } from '../sae/checkpoint/compiled';
import type { Sae } from '../sae/checkpoint/sae';
import { Rng } from '../io/rng';
import type { FeatureMap } from './evaluate';

/**
 * A ReLU dictionary of `width` random unit directions, encoder = decoderᵀ, centred on the data
 * mean. Its decoder is scaled by the one number that minimises the squared error on `sample`
 * (⟨x − μ, r⟩ / ⟨r, r⟩ with r the unscaled reconstruction), so its FVU is the best a random
 * dictionary reaches with a single fitted value.
 */
export async function randomDictionary(sample: Float32Array, d: number, width: number, seed: number): Promise<Sae> {
  const rng = new Rng(seed);
  const rows = sample.length / d;
  const mean = new Float32Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += sample[r * d + j] / rows;
  const W_dec = new Float32Array(width * d);
  for (let i = 0; i < width; i++) {
    let norm = 0;
    for (let j = 0; j < d; j++) norm += (W_dec[i * d + j] = rng.normal()) ** 2;
    for (let j = 0; j < d; j++) W_dec[i * d + j] /= Math.sqrt(norm);
  }
  const W_enc = new Float32Array(d * width);
  for (let i = 0; i < width; i++) for (let j = 0; j < d; j++) W_enc[j * width + i] = W_dec[i * d + j];
  const sae: Sae = { architecture: 'standard', dIn: d, dSae: width, W_enc, W_dec, b_enc: new Float32Array(width), b_dec: mean, applyBDecToInput: true, cfg: { studio: { baseline: 'random' } } };
  const compiled = await CompiledSae.create(sae);
  let xHat: Float32Array;
  try {
    ({ xHat } = await compiled.forward(sample));
  } finally {
    await compiled.dispose();
  }
  let num = 0;
  let den = 0;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      const rec = xHat[r * d + j] - mean[j];
      num += (sample[r * d + j] - mean[j]) * rec;
      den += rec * rec;
    }
  }
  const scale = den > 0 ? num / den : 0;
  for (let i = 0; i < W_dec.length; i++) W_dec[i] *= scale;
  return sae;
}

/** The residual dimensions themselves as features: f = x, x̂ = x. */
export function neuronBasis(d: number): FeatureMap {
  return { features: d, apply: async (x) => ({ f: x, xHat: x }), dispose: async () => undefined };
}

/** The SAE's features and reconstructions from one compiled session, made on the first batch. */
export function saeFeatures(sae: Sae): FeatureMap {
  let compiled: Promise<CompiledSae> | undefined;
  return {
    features: sae.dSae,
    apply: async (x) => (await (compiled ??= CompiledSae.create(sae))).forward(x),
    dispose: async () => {
      if (compiled) await (await compiled).dispose();
      compiled = undefined;
    },
  };
}
