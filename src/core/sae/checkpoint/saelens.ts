import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { writeJsonAtomic } from '../../io/atomic';
import { readRegularText } from '../../io/regularFile';
import { type F32Tensor, readSafetensors, writeSafetensors } from '../../data/safetensors';
import { type WhiteningJson, whiteningFromTensors, whiteningToTensors } from '../../data/whiten';
import { SAELENS_CFG, SAELENS_SCALER, SAELENS_WEIGHTS, WHITENING_WEIGHTS } from './files';
import { checkpointFile } from './confine';
import { foldDecoderNorms, foldInputScale } from './fold';
import { saeLensMetadata } from './metadata';
import { type Sae, type SaeArchitecture, validateSae } from './sae';

/**
 * SAELens checkpoint folders (ALGORITHMS-DETAIL.md §2.7): `cfg.json` + `sae_weights.safetensors`.
 * The studio writes SAELens v6 keys plus a `studio` object (original architecture, whitening,
 * training config); BatchTopK is written as SAELens does, as "jumprelu" with θ per feature.
 */

export interface StudioCfg {
  /** the architecture before SAELens's export mapping (batchtopk → jumprelu) */
  architecture?: SaeArchitecture;
  k?: number;
  whitening?: WhiteningJson & { file: string };
  /** the validated run config the SAE was trained with */
  training?: Record<string, unknown>;
}

/** Writes the weights (and whitening) first and cfg.json last, each atomically. */
export async function saveSaeLens(dir: string, sae: Sae, training?: Record<string, unknown>): Promise<void> {
  validateSae(sae, dir);
  await fs.mkdir(dir, { recursive: true });
  const { dIn, dSae } = sae;
  const tensors: Record<string, F32Tensor> = {
    W_enc: { shape: [dIn, dSae], data: sae.W_enc },
    W_dec: { shape: [dSae, dIn], data: sae.W_dec },
    b_dec: { shape: [dIn], data: sae.b_dec },
  };
  if (sae.architecture === 'gated') {
    tensors.b_gate = { shape: [dSae], data: sae.b_enc };
    tensors.r_mag = { shape: [dSae], data: sae.gate!.r_mag };
    tensors.b_mag = { shape: [dSae], data: sae.gate!.b_mag };
  } else tensors.b_enc = { shape: [dSae], data: sae.b_enc };
  if (sae.threshold) tensors.threshold = { shape: [dSae], data: sae.threshold };
  const studio: StudioCfg = { ...((sae.cfg.studio as StudioCfg | undefined) ?? {}), architecture: sae.architecture };
  if (sae.k !== undefined) studio.k = sae.k;
  if (training) studio.training = training;
  delete studio.whitening;
  if (sae.whitening) {
    const { json, tensors: wt } = whiteningToTensors(sae.whitening);
    await writeSafetensors(path.join(dir, WHITENING_WEIGHTS), wt);
    studio.whitening = { ...json, file: WHITENING_WEIGHTS };
  }
  await writeSafetensors(path.join(dir, SAELENS_WEIGHTS), tensors);
  const architecture = sae.architecture === 'batchtopk' ? 'jumprelu' : sae.architecture;
  const cfg: Record<string, unknown> = {
    ...sae.cfg,
    architecture,
    d_in: dIn,
    d_sae: dSae,
    dtype: 'float32',
    device: 'cpu',
    apply_b_dec_to_input: sae.applyBDecToInput,
    normalize_activations: 'none',
    reshape_activations: 'none',
    metadata: saeLensMetadata(sae.cfg),
    studio,
  };
  if (architecture === 'topk') {
    cfg.k = sae.k;
    cfg.rescale_acts_by_decoder_norm = false;
  } else {
    delete cfg.k;
    delete cfg.rescale_acts_by_decoder_norm;
  }
  await writeJsonAtomic(path.join(dir, SAELENS_CFG), cfg);
}

export async function readJsonFile(file: string): Promise<Record<string, unknown>> {
  const text = await readRegularText(file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new StudioError('bad-file', 'not valid JSON', file);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new StudioError('bad-file', 'expected a JSON object', file);
  return value as Record<string, unknown>;
}

export function positiveInt(cfg: Record<string, unknown>, key: string, file: string): number {
  const v = cfg[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) throw new StudioError('bad-file', `${key} must be a positive integer, got ${JSON.stringify(v)}`, `${file}: ${key}`);
  return v;
}

/**
 * The architecture a cfg.json describes: v6 `architecture`, or (before v6) the flat
 * `activation_fn_str` with `activation_fn_kwargs.k` (SAELens `handle_pre_6_0_config`).
 */
function architectureOf(cfg: Record<string, unknown>, file: string): { architecture: SaeArchitecture; k?: number } {
  const studio = cfg.studio as StudioCfg | undefined;
  const arch = cfg.architecture ?? (cfg.activation_fn_str === 'topk' ? 'topk' : cfg.activation_fn_str === 'relu' || cfg.activation_fn_str === undefined ? 'standard' : cfg.activation_fn_str);
  const k = (cfg.k ?? (cfg.activation_fn_kwargs as { k?: unknown } | undefined)?.k ?? studio?.k) as number | undefined;
  if (arch === 'jumprelu' && studio?.architecture === 'batchtopk') return { architecture: 'batchtopk', k: studio.k };
  if (arch === 'standard' || arch === 'jumprelu' || arch === 'gated') return { architecture: arch };
  if (arch === 'topk') {
    if (typeof k !== 'number' || !Number.isInteger(k) || k <= 0) throw new StudioError('bad-file', `a topk SAE needs a positive integer k, got ${JSON.stringify(k)}`, `${file}: k`);
    return { architecture: 'topk', k };
  }
  const field = cfg.architecture !== undefined ? 'architecture' : 'activation_fn_str';
  throw new StudioError('unsupported', `architecture ${JSON.stringify(arch)} is not supported (standard, topk, jumprelu, gated)`, `${file}: ${field}`);
}

/** Loads a SAELens folder (v6 or earlier cfg keys), folding any normalisation into the weights. */
export async function loadSaeLens(dir: string): Promise<Sae> {
  const cfgFile = await checkpointFile(dir, SAELENS_CFG, path.join(dir, SAELENS_CFG));
  const weightsFile = await checkpointFile(dir, SAELENS_WEIGHTS, path.join(dir, SAELENS_WEIGHTS));
  const cfg = await readJsonFile(cfgFile);
  const dIn = positiveInt(cfg, 'd_in', cfgFile);
  const dSae = positiveInt(cfg, 'd_sae', cfgFile);
  const { architecture, k } = architectureOf(cfg, cfgFile);
  const { tensors } = await readSafetensors(weightsFile);
  const take = (name: string, shape: number[]): Float32Array => {
    const t = tensors[name];
    if (!t) throw new StudioError('shape', `tensor ${name} is missing`, `${weightsFile}: ${name}`);
    if (t.shape.join(',') !== shape.join(',')) {
      throw new StudioError('shape', `${name} is [${t.shape.join(', ')}] but d_in=${dIn}, d_sae=${dSae} need [${shape.join(', ')}]`, `${weightsFile}: ${name}`);
    }
    return t.data;
  };
  const sae: Sae = {
    architecture,
    dIn,
    dSae,
    W_enc: take('W_enc', [dIn, dSae]),
    W_dec: take('W_dec', [dSae, dIn]),
    b_enc: take(architecture === 'gated' ? 'b_gate' : 'b_enc', [dSae]),
    b_dec: take('b_dec', [dIn]),
    applyBDecToInput: cfg.apply_b_dec_to_input !== false,
    cfg,
  };
  if (k !== undefined) sae.k = k;
  if (architecture === 'jumprelu' || architecture === 'batchtopk') {
    // Training-time SAELens modules hold log θ; exported files hold θ.
    sae.threshold = tensors.threshold ? take('threshold', [dSae]) : take('log_threshold', [dSae]).map(Math.exp);
  }
  if (architecture === 'gated') sae.gate = { r_mag: take('r_mag', [dSae]), b_mag: take('b_mag', [dSae]) };
  // Pre-6.0 files may carry a fine-tuning `scaling_factor` on the features: fold it into W_dec.
  if (tensors.scaling_factor) {
    const s = take('scaling_factor', [dSae]);
    if (s.some((v) => v !== 1)) sae.W_dec = sae.W_dec.map((v, idx) => v * s[Math.floor(idx / dIn)]);
  }
  let out = sae;
  if (architecture === 'topk' && cfg.rescale_acts_by_decoder_norm === true) out = foldDecoderNorms(out);
  out = await foldNormalisation(out, cfg, dir);
  const studio = cfg.studio as StudioCfg | undefined;
  if (studio?.whitening) {
    const file = await checkpointFile(dir, studio.whitening.file, `${cfgFile}: studio.whitening.file`);
    const wt = await readSafetensors(file);
    out.whitening = whiteningFromTensors(studio.whitening, wt.tensors, file);
  }
  return validateSae(out, weightsFile);
}

async function foldNormalisation(sae: Sae, cfg: Record<string, unknown>, dir: string): Promise<Sae> {
  const mode = cfg.normalize_activations;
  const cfgFile = path.join(dir, SAELENS_CFG);
  if (mode === undefined || mode === null || mode === false || mode === 'none') return sae;
  if (mode === 'expected_average_only_in' || mode === true) {
    const scalerFile = await checkpointFile(dir, SAELENS_SCALER, path.join(dir, SAELENS_SCALER));
    const scaler = await readJsonFile(scalerFile).catch(() => null);
    const c = scaler?.scaling_factor;
    if (typeof c !== 'number' || !(c > 0)) {
      throw new StudioError('unsupported', `normalize_activations "${String(mode)}" needs ${SAELENS_SCALER} with a positive scaling_factor`, `${cfgFile}: normalize_activations`);
    }
    return foldInputScale(sae, c);
  }
  throw new StudioError('unsupported', `normalize_activations ${JSON.stringify(mode)} rescales each token and cannot be folded into the weights`, `${cfgFile}: normalize_activations`);
}
