import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempStudio } from './testing';

// Real sae_lens 3.4.0 ReLU SAEs on Othello-GPT (d_in 128), expansion 8 (1,024 features) and 16
// (2,048), at blocks.1 and blocks.3 hook_resid_pre: thijmennijdam/Othello-GPT-FeatInterp (MIT),
// shared/data/activations/SOURCES.md §1.
const SAES = path.resolve(__dirname, '../../../../shared/data/activations/othello_gpt_saes_saelens');
const saeDir = (layer: number, expansion: number) => path.join(SAES, `my-own-othello-model_blocks.${layer}.hook_resid_pre_${layer}_${expansion}_0.01_512_102400000_0.0001_0.01`);

describe('matchRuns', () => {
  const t = useTempStudio('match-');

  async function project() {
    const { dir } = await t.studio.createProject({ dir: path.join(t.tmp, 'p.fstudio'), name: 'p' });
    const add = (layer: number, expansion: number, name: string) => t.studio.importSae({ projectDir: dir, path: saeDir(layer, expansion), name });
    return { dir, add };
  }

  it('finds an SAE in its own copy exactly and matches two widths of one layer', async () => {
    const { dir, add } = await project();
    const x8 = await add(1, 8, 'x8');
    const copy = await add(1, 8, 'x8 copy');
    const x16 = await add(1, 16, 'x16');
    const same = await t.studio.matchRuns({ projectDir: dir, runA: x8.id, runB: copy.id });
    expect(same.hook).toBe('blocks.1.hook_resid_pre');
    expect(same.mmcsAB).toBeCloseTo(1, 5);
    expect(same.mmcsBA).toBeCloseTo(1, 5);
    // every feature assigned to one of cosine 1: itself, or its twin — features 246 and 659 of
    // this checkpoint share one decoder direction, so either assignment of the two is optimal
    expect(same.rows).toHaveLength(1024);
    expect(same.rows.every((r) => r.cosine !== null && Math.abs(r.cosine - 1) < 1e-5)).toBe(true);
    expect(same.rows.filter((r) => r.a !== r.b).map((r) => r.a)).toEqual([246, 659]);
    expect(same.matchedAbove[2]).toEqual({ threshold: 0.9, pairs: 1024, shareA: 1, shareB: 1 });
    expect(same.assignedMean).toBeCloseTo(1, 5);

    const wide = await t.studio.matchRuns({ projectDir: dir, runA: x8.id, runB: x16.id });
    expect(wide.runA.features).toBe(1024);
    expect(wide.runB.features).toBe(2048);
    // all of the narrower run's features are assigned, half of the wider's are left over
    expect(wide.rows.filter((r) => r.a !== null && r.b !== null)).toHaveLength(1024);
    expect(wide.rows.filter((r) => r.a === null)).toHaveLength(1024);
    expect(wide.matchedAbove[0].shareB).toBeCloseTo(wide.matchedAbove[0].pairs / 2048, 12);
    // MMCS both ways is the mean of each side's best cosine, as the rows carry them
    const bestA = wide.rows.flatMap((r) => (r.aBestCosine === null ? [] : [r.aBestCosine]));
    expect(bestA).toHaveLength(1024);
    expect(wide.mmcsAB).toBeCloseTo(bestA.reduce((s, x) => s + x, 0) / 1024, 6);
    expect(wide.mmcsAB).toBeGreaterThan(0.3);
    expect(wide.mmcsAB).toBeLessThan(1);
  });

  it('refuses runs of different layers or widths, naming both', async () => {
    const { dir, add } = await project();
    const l1 = await add(1, 8, 'layer 1');
    const l3 = await add(3, 8, 'layer 3');
    await expect(t.studio.matchRuns({ projectDir: dir, runA: l1.id, runB: l3.id })).rejects.toMatchObject({
      code: 'bad-input',
      where: 'runB',
      message: expect.stringMatching(/"layer 1" was trained on blocks\.1\.hook_resid_pre and run "layer 3" on blocks\.3\.hook_resid_pre/),
    });
    await expect(t.studio.matchRuns({ projectDir: dir, runA: l1.id, runB: 'nope' })).rejects.toMatchObject({ code: 'not-found', where: 'runB' });
  });
});
