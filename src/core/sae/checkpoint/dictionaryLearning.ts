import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StudioError } from '../../../shared/errors';
import { openTorchFile, type TorchFile } from '../../data/torch';
import { DICTIONARY_LEARNING_CFG, DICTIONARY_LEARNING_WEIGHTS } from './files';
import { readJsonFile } from './saelens';
import { type Sae, validateSae } from './sae';

/**
 * dictionary_learning (saprmarks/dictionary_learning) trainer folders: `ae.pt`, a PyTorch
 * state dict, and optionally `config.json` ({trainer: {dict_class, activation_dim, dict_size,
 * k, …}, buffer: {…}}). The board-game paper's SAEs ship this way. The class is told by
 * config.json's `dict_class` or, without it, by the state dict's keys:
 *
 * * AutoEncoder: `bias` [d], `encoder.weight` [m, d], `encoder.bias` [m], `decoder.weight` [d, m];
 *   f = ReLU(W_e (x − bias) + b_e), x̂ = W_d f + bias (a standard SAE that subtracts b_dec);
 * * GatedAutoEncoder: `decoder_bias`, `encoder.weight`, `gate_bias`, `r_mag`, `mag_bias`, `decoder.weight`;
 * * AutoEncoderTopK: `encoder.*`, `decoder.weight`, `b_dec`, `k` (a buffer);
 * * JumpReluAutoEncoder: `W_enc` [d, m], `b_enc`, `W_dec` [m, d], `b_dec`, `threshold`, no b_dec subtraction.
 *
 * torch Linear weights are [out, in]; the studio's W_enc [d, m] and W_dec [m, d] are their transposes.
 */
export async function loadDictionaryLearning(dir: string): Promise<Sae> {
  const file = path.join(dir, DICTIONARY_LEARNING_WEIGHTS);
  const cfgFile = path.join(dir, DICTIONARY_LEARNING_CFG);
  const config = (await fs.stat(cfgFile).then(() => true, () => false)) ? await readJsonFile(cfgFile) : {};
  const trainer = (config.trainer ?? {}) as Record<string, unknown>;
  const torch = await openTorchFile(file);
  try {
    const names = new Set(torch.tensors.map((t) => t.name));
    const dictClass = typeof trainer.dict_class === 'string' ? trainer.dict_class : classByKeys(names, file);
    const get = async (name: string, shape: number[]) => {
      const info = torch.tensors.find((t) => t.name === name);
      if (!info) throw new StudioError('shape', `tensor ${name} is missing (the ${dictClass} state dict needs it)`, `${file}: ${name}`);
      if (info.shape.join(',') !== shape.join(',')) throw new StudioError('shape', `${name} is [${info.shape.join(', ')}] but [${shape.join(', ')}] is needed`, `${file}: ${name}`);
      return torch.read(name);
    };
    const shapeOf = (name: string) => torch.tensors.find((t) => t.name === name)?.shape ?? [];
    const cfg = { source_format: 'dictionary_learning', dict_class: dictClass, ...(Object.keys(trainer).length ? { dictionary_learning: config } : {}) };
    let sae: Sae;
    if (dictClass === 'JumpReluAutoEncoder') {
      const [d, m] = shapeOf('W_enc');
      sae = { architecture: 'jumprelu', dIn: d, dSae: m, W_enc: await get('W_enc', [d, m]), b_enc: await get('b_enc', [m]), W_dec: await get('W_dec', [m, d]), b_dec: await get('b_dec', [d]), threshold: await get('threshold', [m]), applyBDecToInput: false, cfg };
    } else {
      const [m, d] = shapeOf('encoder.weight');
      if (m === undefined || d === undefined) throw new StudioError('shape', 'encoder.weight [dict_size, activation_dim] is missing', `${file}: encoder.weight`);
      const W_enc = transpose(await get('encoder.weight', [m, d]), m, d);
      const W_dec = transpose(await get('decoder.weight', [d, m]), d, m);
      if (dictClass === 'AutoEncoder') {
        sae = { architecture: 'standard', dIn: d, dSae: m, W_enc, W_dec, b_enc: await get('encoder.bias', [m]), b_dec: await get('bias', [d]), applyBDecToInput: true, cfg };
      } else if (dictClass === 'GatedAutoEncoder') {
        sae = {
          architecture: 'gated',
          dIn: d,
          dSae: m,
          W_enc,
          W_dec,
          b_enc: await get('gate_bias', [m]),
          b_dec: await get('decoder_bias', [d]),
          gate: { r_mag: await get('r_mag', [m]), b_mag: await get('mag_bias', [m]) },
          applyBDecToInput: true,
          cfg,
        };
      } else if (dictClass === 'AutoEncoderTopK') {
        const k = typeof trainer.k === 'number' ? trainer.k : await kOf(torch, file);
        sae = { architecture: 'topk', dIn: d, dSae: m, W_enc, W_dec, b_enc: await get('encoder.bias', [m]), b_dec: await get('b_dec', [d]), k, applyBDecToInput: true, cfg };
      } else {
        throw new StudioError('unsupported', `dictionary class ${dictClass} is not supported (AutoEncoder, GatedAutoEncoder, AutoEncoderTopK, JumpReluAutoEncoder)`, `${cfgFile}: trainer.dict_class`);
      }
    }
    return validateSae(sae, file);
  } finally {
    torch.close();
  }
}

function classByKeys(names: Set<string>, file: string): string {
  if (names.has('W_enc') && names.has('threshold')) return 'JumpReluAutoEncoder';
  if (names.has('r_mag') && names.has('gate_bias')) return 'GatedAutoEncoder';
  if (names.has('b_dec') && names.has('encoder.weight')) return 'AutoEncoderTopK';
  if (names.has('bias') && names.has('encoder.weight')) return 'AutoEncoder';
  throw new StudioError('unsupported', `the state dict (${[...names].join(', ')}) is not a dictionary_learning AutoEncoder, GatedAutoEncoder, AutoEncoderTopK or JumpReluAutoEncoder`, file);
}

async function kOf(torch: TorchFile, file: string): Promise<number> {
  if (!torch.tensors.some((t) => t.name === 'k')) throw new StudioError('bad-file', 'a TopK dictionary needs k (config.json trainer.k or the k buffer)', `${file}: k`);
  return torch.scalar('k');
}

function transpose(a: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}
