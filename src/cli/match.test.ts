import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Studio } from '../core/studio';
import { runCli } from './testing';

// Real sae_lens 3.4.0 ReLU SAEs on Othello-GPT blocks.1.hook_resid_pre (d_in 128), 1,024 and
// 2,048 features: thijmennijdam/Othello-GPT-FeatInterp (MIT), shared/data/activations/SOURCES.md §1.
const SAES = path.resolve(__dirname, '../../../shared/data/activations/othello_gpt_saes_saelens');
const x8 = path.join(SAES, 'my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');
const x16 = path.join(SAES, 'my-own-othello-model_blocks.1.hook_resid_pre_1_16_0.01_512_102400000_0.0001_0.01');

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-match-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio match', () => {
  it('prints the figures as JSON and writes the table of pairs as CSV', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    // the project is made in-process (one CLI start is enough for what is under test)
    const studio = new Studio({ home: path.join(tmp, 'home') });
    await studio.createProject({ dir, name: 'p' });
    const ids = [(await studio.importSae({ projectDir: dir, path: x8, name: 'x8' })).id, (await studio.importSae({ projectDir: dir, path: x16, name: 'x16' })).id];
    await studio.close();
    const csv = path.join(tmp, 'pairs.csv');
    const out = await cli(['match', '--project', dir, '--runs', ids.join(','), '--csv', csv, '--json']);
    expect(out.stderr).toBe('');
    const r = JSON.parse(out.stdout);
    expect(r).toMatchObject({ runA: { name: 'x8', features: 1024 }, runB: { name: 'x16', features: 2048 }, dIn: 128, hook: 'blocks.1.hook_resid_pre', assigned: true, pairs: 1024 });
    expect(r.matchedAbove.map((t: { threshold: number }) => t.threshold)).toEqual([0.5, 0.7, 0.9]);
    const lines = (await fs.readFile(csv, 'utf8')).trimEnd().split('\r\n');
    expect(lines[0]).toBe('x8 feature,x16 feature,assigned cosine,best in x16,its cosine,best in x8,its cosine');
    // 1,024 pairs and the 1,024 features of x16 left unassigned
    expect(lines).toHaveLength(1 + 2048);
    expect(lines.at(-1)).toMatch(/^,\d+,,,,\d+,/);
  });
});
