import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, generateToy, meanMaxCosine } from '../../evals/toy';
import { parseTrainConfig } from '../train/config';
import { fit } from '../train/fit';
import { arraySource } from '../train/source';
import { ARCH_NAMES, type ArchName } from './registry';

/*
 * The correctness test of every architecture (issue 4): trained on the default toy benchmark
 * (64 known unit features in 32 dimensions, evals/toy), the decoder rows must recover the true
 * features: mean max cosine similarity ≥ 0.9. Width 128, 1000 steps of 256 rows.
 */
const toy = generateToy(DEFAULT_TOY);
const d = DEFAULT_TOY.d;
const archConfig: Record<ArchName, Record<string, unknown>> = {
  relu: {},
  l1: { l1Coefficient: 0.3 },
  topk: { k: 4 },
  batchtopk: { k: 4 },
  jumprelu: { initThreshold: 0.1 },
  gated: {},
  panneal: {},
  atm: {},
};

describe('toy recovery', () => {
  for (const arch of ARCH_NAMES) {
    it(`${arch} recovers the true features (MMCS ≥ 0.9)`, async () => {
      const config = parseTrainConfig({ arch, archConfig: archConfig[arch], width: 128, batchSize: 256, steps: 1000, lr: 3e-3, seed: 1 });
      const { saes, last } = await fit([config], arraySource(toy.activations, d, 14336, 1), { threads: 1 });
      const { mmcs } = meanMaxCosine(saes[0].W_dec, toy.directions, d);
      expect(mmcs).toBeGreaterThanOrEqual(0.9);
      // Recovery must come with a sparse code and a usable reconstruction (2.6 features per row on average).
      expect(last[0].l0).toBeLessThan(12);
      expect(last[0].fvu).toBeLessThan(0.35);
    }, 60_000);
  }
});
