import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActivationStore } from '../../data/store';
import { createDatasetWriter } from '../../data/writer';
import { Rng } from '../../io/rng';
import { loadSaeLens } from '../checkpoint/saelens';
import type { Sae } from '../checkpoint/sae';
import { checkSaeOnDataset } from './mismatch';

// A real sae_lens 3.4.0 ReLU SAE on Othello-GPT blocks.1.hook_resid_pre (d_in 128):
// thijmennijdam/Othello-GPT-FeatInterp (MIT), shared/data/activations/SOURCES.md §1.
const REAL = path.resolve(__dirname, '../../../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');

/** x ↦ ReLU(x)·e_i − ReLU(−x)·e_i: reconstructs every input exactly (FVU 0). */
function exactSae(d: number, hook: string): Sae {
  const m = 2 * d;
  const W_enc = new Float32Array(d * m);
  const W_dec = new Float32Array(m * d);
  for (let i = 0; i < d; i++) {
    W_enc[i * m + i] = 1;
    W_enc[i * m + d + i] = -1;
    W_dec[i * d + i] = 1;
    W_dec[(d + i) * d + i] = -1;
  }
  return { architecture: 'standard', dIn: d, dSae: m, W_enc, W_dec, b_enc: new Float32Array(m), b_dec: new Float32Array(d), applyBDecToInput: false, cfg: { metadata: { hook_name: hook } } };
}

describe('SAE / dataset mismatch check', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mismatch-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function dataset(id: string, d: number, hook: string, value: (rng: Rng) => number): Promise<ActivationStore> {
    const target = path.join(dir, id);
    const w = await createDatasetWriter(target, { dims: d });
    const rng = new Rng(3);
    await w.append(Float32Array.from({ length: 512 * d }, () => value(rng)));
    // As an import of a SAELens activation cache records it: the column is the hook.
    await w.finish({ id, name: id, source: { kind: 'import', format: 'arrow', tensor: hook } });
    return ActivationStore.open(target);
  }

  it('warns when the hook differs and when the SAE reconstructs worse than the mean (FVU > 1), and stays quiet on a match', async () => {
    const real = await loadSaeLens(REAL);
    const far = await dataset('far', 128, 'blocks.3.hook_resid_pre', (rng) => 50 + rng.normal());
    try {
      const report = await checkSaeOnDataset(real, far, 256);
      expect(report).toMatchObject({ saeHook: 'blocks.1.hook_resid_pre', datasetHook: 'blocks.3.hook_resid_pre', sampleRows: 256 });
      expect(report.fvu!).toBeGreaterThan(1);
      expect(report.warnings.map((w) => w.kind)).toEqual(['hook', 'fvu']);
    } finally {
      await far.close();
    }
    const same = await dataset('same', 8, 'blocks.1.hook_resid_pre', (rng) => rng.normal() * 3);
    try {
      const ok = await checkSaeOnDataset(exactSae(8, 'blocks.1.hook_resid_pre'), same);
      expect(ok.warnings).toEqual([]);
      expect(ok.fvu!).toBeLessThan(1e-6);
      const narrow = await checkSaeOnDataset(real, same);
      expect(narrow).toMatchObject({ fvu: null, warnings: [{ kind: 'd_in' }] });
    } finally {
      await same.close();
    }
  });
});
