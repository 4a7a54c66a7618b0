import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Studio } from '../core/studio';

// A real SAELens folder from ../shared/data/activations (thijmennijdam/Othello-GPT-FeatInterp, MIT; SOURCES.md there).
const SAELENS_DIR = path.resolve(__dirname, '../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01');

let tmp: string;
let project: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-train-'));
  project = path.join(tmp, 'p');
  // The toy benchmark dataset (evals/toy: 64 known features in 32 dims), made through the Studio.
  const studio = new Studio({ home: path.join(tmp, 'home') });
  await studio.createProject({ dir: project, name: 'cli' });
  const { jobId } = await studio.startJob({ projectDir: project, kind: 'toy-dataset', params: { rows: 8192, id: 'toy' } });
  expect((await studio.jobs.whenEnded(jobId)).state).toBe('done');
  await studio.close();
}, 60_000);
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio train / eval / import sae', () => {
  it('trains a TopK SAE with whitening, evaluates it, and imports a SAELens folder', async () => {
    const train = await cli(['train', '--project', project, '--dataset', 'toy', '--arch', 'topk', '--width', '128', '--k', '4', '--whiten', 'pca', '--steps', '300', '--batch', '256', '--lr', '0.003', '--json']);
    expect(train.stderr).toBe('');
    expect(train.code).toBe(0);
    const { run, eval: ev } = JSON.parse(train.stdout);
    expect(run).toMatchObject({ arch: 'topk', dIn: 32, dSae: 128, steps: 300, datasetId: 'toy' });
    expect(run.config.whitening).toEqual({ kind: 'pca', lossSpace: 'original' });
    expect(ev.l0).toBeLessThanOrEqual(4);
    expect(ev.l0).toBeGreaterThan(3.5);
    expect(ev.fvu).toBeLessThan(0.5);

    const again = await cli(['eval', '--project', project, '--run', run.id, '--json']);
    expect(again.code).toBe(0);
    expect({ ...JSON.parse(again.stdout), evaluatedAt: '' }).toEqual({ ...ev, evaluatedAt: '' });
    // the benchmark fields are there; a toy dataset has no model to splice into and no board labels
    expect(JSON.parse(again.stdout)).toMatchObject({ ceLossRecovered: null, klDiv: null, sparseProbing: null, absorption: null });

    const imported = await cli(['import', 'sae', SAELENS_DIR, '--project', project, '--json']);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ origin: 'imported', arch: 'saelens:standard', dIn: 128, dSae: 1024 });
    const text = await cli(['eval', '--project', project, '--run', JSON.parse(imported.stdout).id]);
    expect(text.code).not.toBe(0);
    expect(text.stderr).toMatch(/datasetId/);

    const bad = await cli(['train', '--project', project, '--dataset', 'toy', '--width', 'wide']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--width/);
  }, 120_000);

  it('trains a sweep from a YAML file (grid over base) and names a bad key in a config file', async () => {
    const sweep = path.join(tmp, 'sweep.yaml');
    await fs.writeFile(sweep, 'dataset: toy\nname: k sweep\nbase:\n  arch: topk\n  width: 64\n  steps: 20\n  batchSize: 256\ngrid:\n  arch.k: [2, 4]\n');
    const run = await cli(['train', '--project', project, '--sweep', sweep, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { runs } = JSON.parse(run.stdout);
    expect(runs.map((r: { run: { config: { archConfig: { k: number } } } }) => r.run.config.archConfig.k)).toEqual([2, 4]);
    for (const r of runs) expect(r.eval.l0).toBeLessThanOrEqual(r.run.config.archConfig.k);

    const bad = path.join(tmp, 'run.json');
    await fs.writeFile(bad, JSON.stringify({ dataset: 'toy', arch: 'topk', width: 64, archConfig: { k: 4, kk: 1 } }));
    const refused = await cli(['train', '--project', project, '--config', bad]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`${bad}: archConfig.kk`);
  }, 120_000);
});

