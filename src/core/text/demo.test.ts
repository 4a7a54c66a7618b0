import os from 'node:os';
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { readDatasetTokens } from '../data/tokens';
import { readRunInfo } from '../sae/run/folder';
import { runTextDemo } from './demo';

// The shipped text model (resources/models/text/) on the shipped held-out sample (resources/text/).
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

describe('feature-studio demo text (tiny)', () => {
  it('extracts held-out activations with tokens, trains the sweep and writes the report', async () => {
    const projectDir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-text-demo-'));
    dirs.push(projectDir);
    const r = await runTextDemo({ projectDir, size: 'tiny', threads: 2 });
    expect(r.records.map((x) => x.arch)).toEqual(['relu', 'relu', 'topk', 'jumprelu']);
    for (const rec of r.records) {
      expect(rec.fvu as number).toBeLessThan(1);
      // a trained byte-level SAE has features whose top activations share a byte
      expect(rec.sameTokenShare as number).toBeGreaterThan(0);
      expect(rec.sameTokenShare as number).toBeLessThanOrEqual(1);
      expect(rec.samePosShare).not.toBeNull();
      // the benchmark's text metrics: sparse probing on reviews and authors, beside the raw residuals
      // probe accuracies on balanced tasks: near or above chance, never above 1
      for (const key of ['sparseProbingK1', 'sparseProbingRawK1']) {
        expect(rec[key] as number).toBeGreaterThan(0.3);
        expect(rec[key] as number).toBeLessThanOrEqual(1);
      }
      expect(Number.isFinite(rec.ceLossRecovered)).toBe(true);
    }
    const csv = await fs.readFile(path.join(projectDir, 'reports', 'demo-text.csv'), 'utf8');
    expect(csv.split('\n')[0]).toContain('sameTokenShare');
    expect((await fs.stat(path.join(projectDir, 'reports', 'demo-text.pdf'))).size).toBeGreaterThan(1000);
    const ds = path.join(projectDir, 'datasets', r.datasetId);
    const meta = JSON.parse(await fs.readFile(path.join(ds, 'meta.json'), 'utf8')) as { rows: number };
    const tokens = await readDatasetTokens(ds, meta.rows);
    expect(tokens!.sequences[0][0]).toBe('␂');
    const info = await readRunInfo(path.join(projectDir, 'runs', r.runIds[0]));
    expect(info.evaluated).toBe(true);
    const ev = JSON.parse(await fs.readFile(path.join(projectDir, 'runs', r.runIds[0], 'eval.json'), 'utf8')) as { sparseProbing: Record<string, unknown> };
    expect(Object.keys(ev.sparseProbing)).toContain('sentiment: 5 vs 1 stars');
  }, 180_000);
});
