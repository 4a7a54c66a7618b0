import { foldWhitening } from '../../data/whiten';
import type { Sae } from './sae';

/**
 * The same SAE with its whitening folded into the weights (DETAIL §4), so it reads raw
 * activations: what to export for tools that do not know the studio's whitening file.
 */
export function foldSaeWhitening(sae: Sae): Sae {
  if (!sae.whitening) return sae;
  const folded = foldWhitening(sae.whitening, sae);
  const shift = folded.encoderShift;
  const b_enc = sae.b_enc.map((b, i) => b + shift[i]);
  // Gated: the magnitude path shares W_enc up to exp(r_mag), so its bias moves by shift·exp(r_mag).
  const gate = sae.gate && { r_mag: sae.gate.r_mag, b_mag: sae.gate.b_mag.map((b, i) => b + shift[i] * Math.exp(sae.gate!.r_mag[i])) };
  return { ...sae, W_enc: folded.W_enc, W_dec: folded.W_dec, b_dec: folded.b_dec, b_enc, gate, applyBDecToInput: false, whitening: undefined };
}

/**
 * Folds an input scale c (the SAE saw c·x and returned x̂/c) into the weights:
 * W_enc·c, b_dec/c, W_dec/c. Thresholds act on pre-activations, which do not change.
 */
export function foldInputScale(sae: Sae, c: number): Sae {
  return { ...sae, W_enc: sae.W_enc.map((v) => v * c), W_dec: sae.W_dec.map((v) => v / c), b_dec: sae.b_dec.map((v) => v / c) };
}

/**
 * Folds per-feature decoder norms into the encoder and decoder (SAELens TopK with
 * `rescale_acts_by_decoder_norm`): the SAE scaled pre-activations by ‖W_dec,i‖ before TopK
 * and divided features by it before decoding, which equals unit-norm decoder rows and an
 * encoder column (and bias) scaled by the norm.
 */
export function foldDecoderNorms(sae: Sae): Sae {
  const { dIn: d, dSae: m } = sae;
  const norms = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += sae.W_dec[i * d + j] ** 2;
    norms[i] = Math.sqrt(s);
  }
  const W_enc = sae.W_enc.map((v, idx) => v * norms[idx % m]);
  const b_enc = sae.b_enc.map((v, i) => v * norms[i]);
  const W_dec = sae.W_dec.map((v, idx) => (norms[Math.floor(idx / d)] > 0 ? v / norms[Math.floor(idx / d)] : v));
  return { ...sae, W_enc, b_enc, W_dec };
}
