import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { FeatureExplorer } from '../explorer';
import { explorerCacheFile } from '../explorer/cache';
import { readExplorerLabels } from '../explorer/sources';
import { listFeaturesReady } from '../explorer/testing/listReady';
import { seedExplorerProject } from '../explorer/testing/seedProject';
import { datasetDir, TMP_DIR } from '../project/layout';
import { projectScratchDir, scratchRunDir } from '../project/scratch';
import { loadSaeLens, saveSaeLens } from '../sae/checkpoint/saelens';
import { randomSae } from '../sae/checkpoint/testSae';
import { runDir } from '../sae/run/folder';
import { Studio } from '../studio';
import { useTempStudio } from './testing';

const ctx = useTempStudio('fs-features-');
const restarted: Studio[] = [];
afterEach(async () => {
  for (const s of restarted.splice(0)) await s.close();
});

/** The project in another Studio (a restarted server, nothing kept in memory); the one before lets it go. */
async function reopen(dir: string): Promise<Studio> {
  await (restarted.at(-1) ?? ctx.studio).closeProject({ projectDir: dir });
  const studio = new Studio({ home: path.join(ctx.tmp, `home-${restarted.length}`) });
  restarted.push(studio);
  await studio.openProject({ dir });
  return studio;
}
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);

/** The explorer built in this process on the same rows: the reference the cached table must match. */
async function reference(dir: string, runId: string, datasetId: string, rows: number) {
  const sae = await loadSaeLens(runDir(dir, runId));
  const store = await ActivationStore.open(datasetDir(dir, datasetId));
  const x = await store.readRows(0, rows);
  await store.close();
  return FeatureExplorer.build({ sae, x, rows, labels: await readExplorerLabels(datasetDir(dir, datasetId)) });
}

describe('feature explorer methods', () => {
  it('compute the statistics in a job, cache them in the run folder, then answer from the cache', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 6, features: 64 });
    await ctx.studio.openProject({ dir });
    const scope = { projectDir: dir, runId };
    const first = await ctx.studio.listFeatures(scope);
    expect(first).toMatchObject({ status: 'computing' });
    // asking again while it runs joins the same job instead of starting another
    const joined = await ctx.studio.listFeatures(scope);
    expect(joined).toEqual(first);
    const { table } = await listFeaturesReady(ctx.studio, scope);
    expect(table).toMatchObject({ runId, datasetId, features: 64, rows: 6 * 59, hasBoards: true, hasTokens: false });
    await expect(fs.stat(explorerCacheFile(runDir(dir, runId), datasetId, 2048))).resolves.toBeTruthy();

    // the cached numbers are the in-process explorer's: codes exactly, property scores to float32
    const ref = await reference(dir, runId, datasetId, 6 * 59);
    expect(table.frequency).toEqual(Array.from(ref.stats.frequency));
    expect(table.maxActivation).toEqual(Array.from(ref.stats.maxActivation));
    ref.bestF1().forEach((f1, i) => expect(table.bestF1[i]).toBeCloseTo(f1, 6));
    // TopK with k = 8: every row fires exactly 8 features, so frequencies sum to 8
    expect(table.frequency.reduce((a, b) => a + b, 0)).toBeCloseTo(8, 9);
    expect(table.explanation.every((e) => e === null)).toBe(true);

    const f = table.bestF1.indexOf(Math.max(...table.bestF1));
    expect(table.bestProperty[f]).toBe(ref.bestLabel(f));
    const page = await ctx.studio.getFeature({ ...scope, feature: f, examples: 3 });
    expect(page.examples).toHaveLength(3);
    expect(page.examples[0].board?.squares).toHaveLength(64);
    expect(page.examples[0].tokens).toBeNull();
    expect(page.properties[0].f1).toBeCloseTo(table.bestF1[f], 12);
    expect(page.explanation).toBeNull();
    const scores = await ctx.studio.getBoardScores(scope);
    expect(scores).toMatchObject({ family: 'mine_yours_blank_mask' });
    expect(scores!.coverage).toBeCloseTo(ref.boardScores()!.coverage, 6);
    expect(scores!.trainPositions + scores!.testPositions).toBe(6 * 59);

    // a restarted server reads the cache from disk: no job
    expect(await (await reopen(dir)).listFeatures(scope)).toMatchObject({ status: 'ready', table: { frequency: table.frequency } });
  });

  it('key the cache by rows and recompute it when the checkpoint changes or the file is damaged', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 3, features: 32 });
    await ctx.studio.openProject({ dir });
    const scope = { projectDir: dir, runId };
    const before = await listFeaturesReady(ctx.studio, scope);
    expect(before.jobId).not.toBeNull();
    expect((await listFeaturesReady(ctx.studio, scope)).jobId).toBeNull();

    // other rows are another cache; the first stays
    const fewer = await listFeaturesReady(ctx.studio, { ...scope, maxRows: 100 });
    expect(fewer.jobId).not.toBeNull();
    expect(fewer.table.rows).toBe(100);
    expect((await listFeaturesReady(ctx.studio, scope)).jobId).toBeNull();

    // a continued or replaced checkpoint: the old statistics are stale
    const replaced = randomSae('topk', 16, 32, 99);
    replaced.k = 4;
    await saveSaeLens(runDir(dir, runId), replaced);
    const after = await listFeaturesReady(ctx.studio, scope);
    expect(after.jobId).not.toBeNull();
    // TopK with k = 4 now: frequencies sum to 4, and match the new weights' own explorer
    expect(after.table.frequency.reduce((a, b) => a + b, 0)).toBeCloseTo(4, 9);
    expect(after.table.frequency).toEqual(Array.from((await reference(dir, runId, datasetId, 3 * 59)).stats.frequency));

    // a damaged cache is computed again, never trusted
    await fs.writeFile(explorerCacheFile(runDir(dir, runId), datasetId, 2048), 'not a cache');
    const repaired = await listFeaturesReady(await reopen(dir), scope);
    expect(repaired.jobId).not.toBeNull();
    expect(repaired.table.frequency).toEqual(after.table.frequency);
  });

  it('leave no cache behind when their job is cancelled, and say so to a page that waited for it', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const first = await ctx.studio.listFeatures({ projectDir: dir, runId });
    if (first.status !== 'computing') throw new Error('expected the statistics to be computed first');
    const waiting = fail(ctx.studio.getBoardScores({ projectDir: dir, runId }));
    expect((await ctx.studio.cancelJob({ jobId: first.jobId })).state).toBe('cancelled');
    expect(await waiting).toMatchObject({ code: 'cancelled' });
    await expect(fs.stat(explorerCacheFile(runDir(dir, runId), datasetId, 2048))).rejects.toThrow();
    const next = await ctx.studio.listFeatures({ projectDir: dir, runId });
    expect(next.status === 'computing' && next.jobId !== first.jobId).toBe(true);
  });

  it('explore a project another studio is writing, caching the statistics in their own scratch folder', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 3, features: 32 });
    await ctx.studio.openProject({ dir });
    const home = path.join(ctx.tmp, 'home-reader');
    const reader = new Studio({ home });
    restarted.push(reader);
    expect((await reader.openProject({ dir })).readOnly).toBe(true);
    const scope = { projectDir: dir, runId };
    const read = await listFeaturesReady(reader, scope);
    expect(read.jobId).not.toBeNull();
    expect(read.table.frequency).toEqual(Array.from((await reference(dir, runId, datasetId, 3 * 59)).stats.frequency));
    // nothing was written into the project: no cache in the run folder, no job folder left
    await expect(fs.stat(explorerCacheFile(runDir(dir, runId), datasetId, 2048))).rejects.toThrow();
    expect(await fs.readdir(path.join(dir, TMP_DIR)).catch(() => [])).toEqual([]);
    const scratch = scratchRunDir(projectScratchDir(home, dir), runId);
    await expect(fs.stat(explorerCacheFile(scratch, datasetId, 2048))).resolves.toBeTruthy();
    // a reader started later finds the cache there; the writer computes its own in the run folder
    const later = new Studio({ home });
    restarted.push(later);
    await later.openProject({ dir });
    expect((await listFeaturesReady(later, scope)).jobId).toBeNull();
    expect((await listFeaturesReady(ctx.studio, scope)).jobId).not.toBeNull();
    // other jobs still need the lock
    expect(await fail(reader.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: 10 } }))).toMatchObject({ code: 'locked' });
  });

  it('names the run, dataset or feature that is not there', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    expect(await fail(ctx.studio.listFeatures({ projectDir: dir, runId: 'nope' }))).toMatchObject({ code: 'not-found', where: 'runId' });
    expect(await fail(ctx.studio.listFeatures({ projectDir: dir, runId, datasetId: 'nope' }))).toMatchObject({ code: 'not-found', where: 'datasetId' });
    expect(await fail(ctx.studio.getFeature({ projectDir: dir, runId, feature: 16 }))).toMatchObject({ code: 'bad-input', where: 'feature' });
  });
});
