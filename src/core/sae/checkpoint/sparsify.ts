import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { readSafetensors } from '../../data/safetensors';
import { SPARSIFY_CFG, SPARSIFY_WEIGHTS } from './files';
import { checkpointFile } from './confine';
import { readJsonFile } from './saelens';
import { type Sae, validateSae } from './sae';

/**
 * EleutherAI sparsify folders: `cfg.json` {d_in, num_latents | expansion_factor, k, signed, …}
 * + `sae.safetensors` {encoder.weight [m, d], encoder.bias [m], W_dec [m, d], b_dec [d]}
 * (sparsify `SparseCoder.save_to_disk`). A TopK SAE whose encoder subtracts b_dec (`pre_acts`).
 */
export async function loadSparsify(dir: string): Promise<Sae> {
  const cfgFile = await checkpointFile(dir, SPARSIFY_CFG, path.join(dir, SPARSIFY_CFG));
  const weightsFile = await checkpointFile(dir, SPARSIFY_WEIGHTS, path.join(dir, SPARSIFY_WEIGHTS));
  const cfg = await readJsonFile(cfgFile);
  if (cfg.signed === true) throw new StudioError('unsupported', 'signed sparsify SAEs (no ReLU) are not supported', `${cfgFile}: signed`);
  // Transcoders map one space to another (no b_dec subtraction, optional W_skip): not autoencoders.
  if (cfg.transcode === true) throw new StudioError('unsupported', 'sparsify transcoders are not supported', `${cfgFile}: transcode`);
  // Newer sparsify coders can subtract a frozen n-gram table or add an embedding skip: neither is in the file.
  for (const field of ['gram_lookup', 'embed_skip'] as const) {
    if (cfg[field] === true) throw new StudioError('unsupported', `sparsify coders with ${field} need data outside sae.safetensors and are not supported`, `${cfgFile}: ${field}`);
  }
  if (cfg.activation !== undefined && cfg.activation !== 'topk') {
    throw new StudioError('unsupported', `activation ${JSON.stringify(cfg.activation)} is not supported (topk only)`, `${cfgFile}: activation`);
  }
  const { tensors } = await readSafetensors(weightsFile);
  if (tensors.W_skip) throw new StudioError('unsupported', 'a skip connection (W_skip) is not supported', `${weightsFile}: W_skip`);
  const enc = tensors['encoder.weight'];
  if (!enc || enc.shape.length !== 2) throw new StudioError('shape', 'encoder.weight [num_latents, d_in] is missing', `${weightsFile}: encoder.weight`);
  const [m, d] = enc.shape;
  if (cfg.d_in !== undefined && cfg.d_in !== d) throw new StudioError('shape', `encoder.weight has d_in ${d} but cfg.json says ${String(cfg.d_in)}`, `${weightsFile}: encoder.weight`);
  const declared = typeof cfg.num_latents === 'number' && cfg.num_latents > 0 ? cfg.num_latents : typeof cfg.expansion_factor === 'number' ? cfg.expansion_factor * d : m;
  if (declared !== m) throw new StudioError('shape', `encoder.weight has ${m} latents but cfg.json implies ${declared}`, `${weightsFile}: encoder.weight`);
  const k = cfg.k;
  if (typeof k !== 'number' || !Number.isInteger(k) || k <= 0) throw new StudioError('bad-file', `k must be a positive integer, got ${JSON.stringify(k)}`, `${cfgFile}: k`);
  const take = (name: string, shape: number[]) => {
    const t = tensors[name];
    if (!t || t.shape.join(',') !== shape.join(',')) {
      throw new StudioError('shape', `${name} must be [${shape.join(', ')}]${t ? `, got [${t.shape.join(', ')}]` : ' and is missing'}`, `${weightsFile}: ${name}`);
    }
    return t.data;
  };
  // encoder.weight is [m, d] (torch Linear); the studio's W_enc is its transpose.
  const W_enc = new Float32Array(d * m);
  for (let i = 0; i < m; i++) for (let j = 0; j < d; j++) W_enc[j * m + i] = enc.data[i * d + j];
  const sae: Sae = {
    architecture: 'topk',
    dIn: d,
    dSae: m,
    W_enc,
    b_enc: take('encoder.bias', [m]),
    W_dec: take('W_dec', [m, d]),
    b_dec: take('b_dec', [d]),
    applyBDecToInput: true,
    k,
    cfg: { ...cfg, source_format: 'sparsify' },
  };
  return validateSae(sae, weightsFile);
}
