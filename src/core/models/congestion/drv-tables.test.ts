import { describe, expect, it } from 'vitest';
import { designOf, evaluateDrv, readDrvTable } from './drv-tables';

// ../shared/data/congestion/mllma_drv_tables (j40903272/mllm-physical-design, NO licence stated:
// read from ../shared only, never copied into the repository).
const D = '../shared/data/congestion/mllma_drv_tables/';

describe('the MLLMA DRV tables', () => {
  it('reads designs from layout ids', () => {
    expect(designOf('766-RISCY-a-2-c2-u0.7-m4-p8-f0.npy', 'x')).toBe('RISCY-a');
    expect(designOf('5607-RISCY-FPU-a-3-c5-u0.8-m1-p7-f1.npy', 'x')).toBe('RISCY-FPU-a');
    expect(() => designOf('whatever.npy', 'row 2')).toThrow(/cannot read a design/);
  });

  it('trains the gated model on RISCY rows and scores zero-riscy-a and -b as separate splits', async () => {
    const train = await readDrvTable(`${D}train_df.csv.gz`, 800);
    expect(train.features).toHaveLength(20);
    expect(new Set(train.designs).size).toBeGreaterThan(0);
    const a = await readDrvTable(`${D}test_df_a.csv.gz`, 300);
    const b = await readDrvTable(`${D}test_df_b.csv.gz`, 300);
    expect(new Set(a.designs)).toEqual(new Set(['zero-riscy-a']));
    const r = await evaluateDrv(train, [{ split: 'zero-riscy-a', table: a }, { split: 'zero-riscy-b', table: b }], { steps: 60, pairsPerDesign: 2000, hidden: [16] });
    expect(r.pairs).toBeGreaterThan(100);
    const splits = new Set(r.records.map((x) => x.split));
    expect(splits).toEqual(new Set(['zero-riscy-a', 'zero-riscy-b']));
    expect(r.records.filter((x) => x.model === 'gated')).toHaveLength(8);
  }, 120_000);
});
