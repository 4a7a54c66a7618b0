import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inspectNpz, openNpzMember } from '../../data/npz';
import { forward } from './forward';
import { loadSaeFolder } from './load';

// ae.pt is a dictionary_learning AutoEncoder state dict in torch.save's layout and
// ae_reference.npz the same tensors saved by NumPy (data/fixtures/make_archive_fixtures.py).
const FIXTURES = path.resolve(__dirname, '../../data/fixtures');

async function reference(): Promise<Record<string, Float32Array>> {
  const file = path.join(FIXTURES, 'ae_reference.npz');
  const out: Record<string, Float32Array> = {};
  for (const m of (await inspectNpz(file)).members) {
    const src = await openNpzMember(file, m.name);
    for await (const c of src.chunks(1 << 20)) out[m.name] = c.data.slice();
    await src.close();
  }
  return out;
}

describe('dictionary_learning ae.pt', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dl-'));
  });
  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('loads an AutoEncoder state dict and encodes as dictionary_learning does: ReLU(W_e(x − bias) + b_e), x̂ = W_d f + bias', async () => {
    await fs.copyFile(path.join(FIXTURES, 'ae.pt'), path.join(dir, 'ae.pt'));
    const { format, sae } = await loadSaeFolder(dir);
    expect(format).toBe('dictionary_learning');
    expect(sae).toMatchObject({ architecture: 'standard', dIn: 4, dSae: 6, applyBDecToInput: true });
    const ref = await reference();
    const [d, m] = [4, 6];
    const x = Float32Array.from({ length: 2 * d }, (_, i) => Math.sin(i + 1) * 2);
    const { f, xHat } = forward(sae, x);
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < m; i++) {
        let pre = ref.encoder_bias[i];
        for (let j = 0; j < d; j++) pre += ref.encoder_weight[i * d + j] * (x[r * d + j] - ref.bias[j]);
        expect(f[r * m + i]).toBeCloseTo(Math.max(0, pre), 5);
      }
      for (let j = 0; j < d; j++) {
        let v = ref.bias[j];
        for (let i = 0; i < m; i++) v += ref.decoder_weight[j * m + i] * f[r * m + i];
        expect(xHat[r * d + j]).toBeCloseTo(v, 5);
      }
    }
  });

  it('takes the class from config.json and refuses one it does not know, naming the key', async () => {
    await fs.copyFile(path.join(FIXTURES, 'ae.pt'), path.join(dir, 'ae.pt'));
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ trainer: { dict_class: 'CrossCoder', activation_dim: 4, dict_size: 6 } }));
    await expect(loadSaeFolder(dir)).rejects.toMatchObject({ code: 'unsupported', where: `${path.join(dir, 'config.json')}: trainer.dict_class` });
    await fs.writeFile(path.join(dir, 'config.json'), JSON.stringify({ trainer: { dict_class: 'GatedAutoEncoder' } }));
    await expect(loadSaeFolder(dir)).rejects.toMatchObject({ code: 'shape', where: `${path.join(dir, 'ae.pt')}: gate_bias` });
  });

  it('refuses a pickle that would run code, naming what it calls', async () => {
    await fs.copyFile(path.join(FIXTURES, 'evil.pt'), path.join(dir, 'ae.pt'));
    await expect(loadSaeFolder(dir)).rejects.toMatchObject({ code: 'unsupported', message: expect.stringMatching(/posix\.system.*never run/) });
  });
});
