import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { Studio } from '../studio';
import { seedExplorerProject } from '../explorer/testing/seedProject';

let tmp: string;
let studio: Studio;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-features-'));
  studio = new Studio({ home: path.join(tmp, 'home') });
});
afterEach(async () => {
  await studio.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('feature explorer methods', () => {
  it('list every feature of a run on its dataset and open one with its boards', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 6, features: 64 });
    await studio.openProject({ dir });
    const table = await studio.listFeatures({ projectDir: dir, runId });
    expect(table).toMatchObject({ runId, datasetId, features: 64, rows: 6 * 59, hasBoards: true });
    expect(table.frequency).toHaveLength(64);
    // TopK with k = 8: every row fires exactly 8 features, so frequencies sum to 8
    expect(table.frequency.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 9);
    const f = table.bestF1.indexOf(Math.max(...table.bestF1));
    expect(table.bestProperty[f]).toMatch(/ /);
    const page = await studio.getFeature({ projectDir: dir, runId, feature: f, examples: 3 });
    expect(page.examples).toHaveLength(3);
    expect(page.examples[0].board?.squares).toHaveLength(64);
    expect(page.properties[0].f1).toBeCloseTo(table.bestF1[f], 12);
    const fewer = await studio.listFeatures({ projectDir: dir, runId, maxRows: 100 });
    expect(fewer.rows).toBe(100);
    const scores = await studio.getBoardScores({ projectDir: dir, runId });
    expect(scores).toMatchObject({ family: 'mine_yours_blank_mask' });
    expect(scores!.trainPositions + scores!.testPositions).toBe(6 * 59);
  });

  it('names the run, dataset or feature that is not there', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await studio.openProject({ dir });
    const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);
    expect(await fail(studio.listFeatures({ projectDir: dir, runId: 'nope' }))).toMatchObject({ code: 'not-found', where: 'runId' });
    expect(await fail(studio.listFeatures({ projectDir: dir, runId, datasetId: 'nope' }))).toMatchObject({ code: 'not-found', where: 'datasetId' });
    expect(await fail(studio.getFeature({ projectDir: dir, runId, feature: 16 }))).toMatchObject({ code: 'bad-input', where: 'feature' });
  });
});
