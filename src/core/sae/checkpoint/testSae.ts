import { Rng } from '../../io/rng';
import type { Sae, SaeArchitecture } from './sae';

/** A small SAE with random weights for tests of every architecture. */
export function randomSae(architecture: SaeArchitecture, dIn: number, dSae: number, seed: number): Sae {
  const rng = new Rng(seed);
  const randn = (n: number, scale: number) => Float32Array.from({ length: n }, () => rng.normal() * scale);
  const sae: Sae = {
    architecture,
    dIn,
    dSae,
    W_enc: randn(dIn * dSae, 1 / Math.sqrt(dIn)),
    W_dec: randn(dSae * dIn, 1 / Math.sqrt(dIn)),
    b_enc: randn(dSae, 0.1),
    b_dec: randn(dIn, 0.1),
    applyBDecToInput: true,
    cfg: {},
  };
  if (architecture === 'topk' || architecture === 'batchtopk') sae.k = Math.max(1, Math.floor(dSae / 8));
  if (architecture === 'jumprelu') sae.threshold = Float32Array.from({ length: dSae }, () => rng.next() * 0.5);
  if (architecture === 'batchtopk') sae.threshold = new Float32Array(dSae).fill(0.3);
  if (architecture === 'gated') sae.gate = { r_mag: randn(dSae, 0.2), b_mag: randn(dSae, 0.1) };
  return sae;
}
