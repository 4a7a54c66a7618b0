import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeNpy } from '../core/data/npy';
import { readExplanations } from '../core/explorer/explanations';
import { seedExplorerProject } from '../core/explorer/testing/seedProject';
import { Project } from '../core/project/project';
import { runDir } from '../core/sae/run/folder';
import { runCli } from './testing';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-import-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio import explanations | --tokens', () => {
  it('adds explanations to a run, and refuses a file with a feature out of range by its row', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 1, features: 16 });
    const csv = path.join(tmp, 'x.csv');
    await fs.writeFile(csv, 'feature,text,score\n5,"black stone on d3, mover\'s side",0.9\n2,no score here,\n');
    const out = await cli(['import', 'explanations', csv, '--project', dir, '--run', runId, '--method', 'manual', '--json']);
    expect(out.stderr).toBe('');
    expect(JSON.parse(out.stdout)).toEqual({ imported: 2, total: 2 });
    const bad = path.join(tmp, 'bad.csv');
    await fs.writeFile(bad, 'feature,text\n3,fine\n16,x\n');
    const refused = await cli(['import', 'explanations', bad, '--project', dir, '--run', runId]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`feature 16 is outside 0..15 (the run has 16 features) (${bad}: row 3)`);
    const saved = await readExplanations(runDir(dir, runId));
    expect([...saved.values()]).toEqual([
      { feature: 2, text: 'no score here', score: null, method: 'manual' },
      { feature: 5, text: "black stone on d3, mover's side", score: 0.9, method: 'manual' },
    ]);
    expect((await cli(['import', 'explanations', csv, '--project', dir])).stderr).toContain('--run RUN is required');
  });

  it('imports activations with their token sidecar', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await (await Project.create(dir, 'Tokens')).close();
    const npy = path.join(tmp, 'acts.npy');
    await writeNpy(npy, Float32Array.from({ length: 6 }, (_, i) => i), [3, 2]);
    const tokens = path.join(tmp, 'acts.tokens.json');
    await fs.writeFile(tokens, JSON.stringify({ sequences: [['Hello', ',', ' world']] }));
    const out = await cli(['import', npy, '--project', dir, '--tokens', tokens]);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/3 rows × 2 dims \(float32\), with its tokens/);
    const [id] = await fs.readdir(path.join(dir, 'datasets'));
    expect(JSON.parse(await fs.readFile(path.join(dir, 'datasets', id, 'tokens.json'), 'utf8'))).toEqual({ sequences: [['Hello', ',', ' world']], rows: [[0, 0], [0, 1], [0, 2]] });
  });
});
