import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunInfo } from '../../shared/schemas/run';
import { datasetDir } from '../project/layout';
import { Project } from '../project/project';
import { runDir, writeRunInfo } from '../sae/run/folder';
import { replacePreviousDemoDataset } from './replace';

let tmp: string;
let project: Project;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-demo-replace-'));
  project = await Project.create(path.join(tmp, 'p'), 'p');
});
afterEach(async () => {
  await project.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

const DEMO = 'Othello resid_post layer 5 (demo, seed 1)';

async function dataset(id: string, name: string) {
  await fs.mkdir(datasetDir(project.dir, id), { recursive: true });
  await project.update((m) => void m.datasets.push({ id, name, createdAt: '2026-01-01T00:00:00Z' }));
}

async function run(id: string, datasetId: string) {
  const info: RunInfo = {
    id, name: id, createdAt: '2026-01-01T00:00:00Z', origin: 'trained', datasetId, arch: 'relu', saved: 'standard',
    dIn: 4, dSae: 8, steps: 3, status: 'cancelled', plannedSteps: 10, config: null, final: null, evaluated: false,
  };
  await writeRunInfo(runDir(project.dir, id), info);
  await project.update((m) => void m.runs.push({ id, name: id, createdAt: info.createdAt }));
}

// Issue 24: a demo interrupted after extraction, run again, listed its dataset and runs twice.
describe('re-running a demo', () => {
  it("replaces the earlier run's dataset of the same name and the runs trained on it, and nothing else", async () => {
    await dataset('othello-resid-layer-5-aaaaaa', DEMO);
    await run('relu-aaaaaa', 'othello-resid-layer-5-aaaaaa');
    await dataset('mine-bbbbbb', 'my own activations');
    await run('mine-run', 'mine-bbbbbb');
    await dataset('othello-resid-layer-5-cccccc', 'Othello resid_post layer 5 (demo, seed 2)');

    const removed = await replacePreviousDemoDataset(project, DEMO);
    expect(removed).toEqual({ datasets: ['othello-resid-layer-5-aaaaaa'], runs: ['relu-aaaaaa'] });
    expect(project.manifest.datasets.map((d) => d.id)).toEqual(['mine-bbbbbb', 'othello-resid-layer-5-cccccc']);
    expect(project.manifest.runs.map((r) => r.id)).toEqual(['mine-run']);
    await expect(fs.access(datasetDir(project.dir, 'othello-resid-layer-5-aaaaaa'))).rejects.toThrow();
    await expect(fs.access(runDir(project.dir, 'relu-aaaaaa'))).rejects.toThrow();
    await fs.access(runDir(project.dir, 'mine-run'));
    const onDisk = JSON.parse(await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8'));
    expect(onDisk.datasets.map((d: { id: string }) => d.id)).toEqual(['mine-bbbbbb', 'othello-resid-layer-5-cccccc']);
  });
});
