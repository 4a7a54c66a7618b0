import { StudioError } from '../../../shared/errors';
import type { Whitening } from '../../data/whiten';
import { requireFinite } from './confine';

/**
 * The in-memory SAE every part of the studio shares (evaluation, explanation, export).
 * Conventions follow SAELens (ALGORITHMS-DETAIL.md §2.7): W_enc [dIn, dSae], W_dec
 * [dSae, dIn], row-major Float32Arrays; pre = (x̃ − [b_dec]) W_enc + b_enc.
 */
export type SaeArchitecture = 'standard' | 'topk' | 'batchtopk' | 'jumprelu' | 'gated';
export const SAE_ARCHITECTURES: readonly SaeArchitecture[] = ['standard', 'topk', 'batchtopk', 'jumprelu', 'gated'];

export interface GatedParams {
  /** per-feature log rescale of the magnitude path: W_mag = W_enc ⊙ exp(r_mag) */
  r_mag: Float32Array;
  b_mag: Float32Array;
}

export interface Sae {
  architecture: SaeArchitecture;
  dIn: number;
  dSae: number;
  W_enc: Float32Array;
  W_dec: Float32Array;
  /** encoder bias; for gated SAEs this is the gate bias (SAELens `b_gate`) */
  b_enc: Float32Array;
  b_dec: Float32Array;
  /** subtract b_dec from the input before encoding (SAELens `apply_b_dec_to_input`) */
  applyBDecToInput: boolean;
  /** jumprelu: per-feature θ; batchtopk: the inference threshold θ repeated for every feature */
  threshold?: Float32Array;
  /** topk and batchtopk: active features per row */
  k?: number;
  gate?: GatedParams;
  /** when set, the SAE works on whitened inputs: encode whitens x, decode unwhitens x̂ */
  whitening?: Whitening;
  /** every other cfg.json field (metadata, training config), kept for round trips */
  cfg: Record<string, unknown>;
}

/** Checks every tensor's length against dIn/dSae and the architecture's required parts. */
export function validateSae(sae: Sae, where: string): Sae {
  const { dIn, dSae } = sae;
  if (!Number.isInteger(dIn) || dIn <= 0) throw new StudioError('shape', `d_in must be a positive integer, got ${dIn}`, `${where}: d_in`);
  if (!Number.isInteger(dSae) || dSae <= 0) throw new StudioError('shape', `d_sae must be a positive integer, got ${dSae}`, `${where}: d_sae`);
  const expect = (name: string, arr: Float32Array | undefined, shape: number[]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    if (!arr) throw new StudioError('shape', `${name} is missing (needed: [${shape.join(', ')}])`, `${where}: ${name}`);
    if (arr.length !== size) throw new StudioError('shape', `${name} holds ${arr.length} values but [${shape.join(', ')}] needs ${size}`, `${where}: ${name}`);
  };
  expect('W_enc', sae.W_enc, [dIn, dSae]);
  expect('W_dec', sae.W_dec, [dSae, dIn]);
  expect(sae.architecture === 'gated' ? 'b_gate' : 'b_enc', sae.b_enc, [dSae]);
  expect('b_dec', sae.b_dec, [dIn]);
  if (sae.architecture === 'jumprelu' || sae.architecture === 'batchtopk') expect('threshold', sae.threshold, [dSae]);
  if (sae.architecture === 'gated') {
    expect('r_mag', sae.gate?.r_mag, [dSae]);
    expect('b_mag', sae.gate?.b_mag, [dSae]);
  }
  if (sae.architecture === 'topk' || sae.architecture === 'batchtopk') {
    if (!(typeof sae.k === 'number' && sae.k > 0 && sae.k <= dSae)) throw new StudioError('shape', `k must be in (0, d_sae], got ${sae.k}`, `${where}: k`);
  }
  // NaN or ±inf weights imported "fine" and failed later in eval with a raw dump (issue 24).
  requireFinite('W_enc', sae.W_enc, where);
  requireFinite('W_dec', sae.W_dec, where);
  requireFinite(sae.architecture === 'gated' ? 'b_gate' : 'b_enc', sae.b_enc, where);
  requireFinite('b_dec', sae.b_dec, where);
  if (sae.threshold) requireFinite('threshold', sae.threshold, where);
  if (sae.gate) {
    requireFinite('r_mag', sae.gate.r_mag, where);
    requireFinite('b_mag', sae.gate.b_mag, where);
  }
  if (sae.whitening && sae.whitening.dims !== dIn) {
    throw new StudioError('shape', `whitening is for ${sae.whitening.dims} dims but d_in is ${dIn}`, `${where}: whitening`);
  }
  return sae;
}
