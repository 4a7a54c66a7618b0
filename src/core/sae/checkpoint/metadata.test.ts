import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { SAELENS_CFG } from './files';
import { datasetSaeMetadata } from './metadata';
import { loadSaeLens, saveSaeLens } from './saelens';

// A real sae_lens 3.4.0 checkpoint (flat pre-v6 keys): thijmennijdam/Othello-GPT-FeatInterp (MIT),
// shared/data/activations/SOURCES.md §1.
const REAL = path.resolve(__dirname, '../../../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');

/** SAELens's handle_config_defaulting: the v6 path needs metadata.sae_lens_version ≥ 6.0.0-rc.0. */
function takesV6Path(cfg: { sae_lens_version?: string; metadata?: { sae_lens_version?: string } }): boolean {
  const v = cfg.sae_lens_version ?? cfg.metadata?.sae_lens_version;
  return v !== undefined && Number(v.split('.')[0]) >= 6;
}

describe('SAELens v6 metadata', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'meta-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('a re-written sae_lens 3.4.0 checkpoint carries its model, hook and context in metadata and takes the v6 path', async () => {
    const original = JSON.parse(await fs.readFile(path.join(REAL, SAELENS_CFG), 'utf8'));
    expect(takesV6Path(original)).toBe(false);
    await saveSaeLens(dir, await loadSaeLens(REAL));
    const cfg = JSON.parse(await fs.readFile(path.join(dir, SAELENS_CFG), 'utf8'));
    expect(takesV6Path(cfg)).toBe(true);
    expect(cfg.metadata).toMatchObject({
      sae_lens_version: '6.0.0',
      sae_lens_training_version: '3.4.0',
      model_name: 'my-own-othello-model',
      hook_name: 'blocks.1.hook_resid_pre',
      context_size: 59,
      dataset_path: 'taufeeque/othellogpt',
      prepend_bos: false,
    });
    // And reads back the same.
    expect((await loadSaeLens(dir)).cfg.metadata).toEqual(cfg.metadata);
  });

  it('names the studio model, its residual hook and context for an extracted dataset; the hook for a SAELens cache', () => {
    const base: Omit<DatasetMeta, 'source'> = { id: 'd', name: 'd', rows: 1, dims: 1, dtype: 'float32', shards: [], split: { trainRows: 1 }, labels: [], createdAt: '' };
    const othello = { ...base, source: { kind: 'othello-model', layer: '5', games: '10', d: '128', context: '59' } } as DatasetMeta;
    expect(datasetSaeMetadata(othello)).toEqual({ dataset_path: 'datasets/d', model_name: 'feature-studio/othello-gpt', hook_name: 'blocks.5.hook_resid_post', context_size: 59, prepend_bos: false });
    const embed = { ...othello, source: { ...othello.source, layer: '-1' } } as DatasetMeta;
    expect(datasetSaeMetadata(embed).hook_name).toBe('blocks.0.hook_resid_pre');
    const cache = { ...base, source: { kind: 'import', format: 'arrow', tensor: 'blocks.3.hook_mlp_out', contextSize: 128 } } as DatasetMeta;
    expect(datasetSaeMetadata(cache)).toEqual({ dataset_path: 'datasets/d', hook_name: 'blocks.3.hook_mlp_out', context_size: 128 });
  });
});
