import path from 'node:path';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../../io/appRoot';
import { importLayouts, loadLayouts } from './layouts';
import { runSearch } from './search';

describe('genetic feature search', () => {
  // resources/congestion/ispd2015-64: CircuitNet ISPD2015 layouts pooled to 64×64 (BSD 3-Clause, resources/README.md)
  it('keeps a pool whose held-out-design score never falls, with definitions the language evaluates', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'congestion-search-'));
    try {
      await importLayouts(path.join(appRoot(), 'resources', 'congestion', 'ispd2015-64'), dir);
      const layouts = (await loadLayouts(dir)).filter((_, i) => i % 5 < 4);
      const r = await runSearch(layouts, { generations: 3, poolSize: 8, forest: { trees: 20 }, seed: 2 });
      expect(r.history.map((h) => h.generation)).toEqual([0, 1, 2, 3]);
      for (let g = 1; g < r.history.length; g++) expect(r.history[g].poolScore).toBeGreaterThanOrEqual(r.history[g - 1].poolScore);
      expect(r.pool.length).toBeLessThanOrEqual(8);
      expect(r.pool.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 6);
      for (let i = 1; i < r.pool.length; i++) expect(r.pool[i].importance).toBeLessThanOrEqual(r.pool[i - 1].importance);
      expect(r.history.slice(1).some((h) => h.proposed > 0)).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
