import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectJobDone, useTempStudio } from './testing';
import { loadSaeLens } from '../sae/checkpoint/saelens';
import { readManifest } from '../project/manifest';

/*
 * The run methods through the Studio façade with real job processes: a toy dataset (evals/toy
 * generator, 64 known features in 32 dims), a two-config sweep as one train-sae job, metrics,
 * evaluation with ground-truth MMCS, resume of a run to more steps, and SAELens import.
 */
const ctx = useTempStudio('fs-runs-');
const finished = (jobId: string) => expectJobDone(ctx.studio, jobId);

/** Resolves once the job reports progress at `step` or beyond. */
async function reached(jobId: string, step: number): Promise<void> {
  for (;;) {
    const info = ctx.studio.jobs.get(jobId);
    if (info.state !== 'running') throw new Error(`job ended (${info.state}) before step ${step}`);
    if ((info.progress?.step ?? 0) >= step) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('run methods', () => {
  it('train a sweep, read its metrics, evaluate, resume and import', async () => {
    const dir = path.join(ctx.tmp, 'p');
    await ctx.studio.createProject({ dir, name: 'runs' });
    const toy = await ctx.studio.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: 8192, id: 'toy', seed: 2 } });
    await finished(toy.jobId);

    const base = { width: 128, batchSize: 256, steps: 300, lr: 3e-3, logEvery: 50 };
    const { jobId } = await ctx.studio.trainSae({ projectDir: dir, datasetId: 'toy', name: 'toy', configs: [{ ...base, arch: 'topk', archConfig: { k: 4 } }, { ...base, arch: 'relu' }] });
    await finished(jobId);
    const runs = await ctx.studio.listRuns({ projectDir: dir });
    expect(runs.map((r) => r.arch).sort()).toEqual(['relu', 'topk']);
    const topk = runs.find((r) => r.arch === 'topk')!;
    expect(topk).toMatchObject({ origin: 'trained', datasetId: 'toy', dIn: 32, dSae: 128, steps: 300, evaluated: true, saved: 'topk' });
    const { lines } = await ctx.studio.getRunMetrics({ projectDir: dir, runId: topk.id });
    expect(lines.map((l) => l.step)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(lines.at(-1)!.loss).toBeLessThan(lines[0].loss);

    const ev = await ctx.studio.evaluateRun({ projectDir: dir, runId: topk.id });
    expect(ev.l0).toBeLessThanOrEqual(4);
    expect(ev.l0).toBeGreaterThan(3.5);
    expect(ev.mmcs).toBeGreaterThan(0.9);
    expect(ev.fvu).toBeLessThan(0.3);
    // eval.json as Compare reads it: a toy dataset has no model to splice into and no board labels
    expect(await ctx.studio.getRunEval({ projectDir: dir, runId: topk.id })).toEqual(ev);
    expect([ev.ceLossRecovered, ev.sparseProbing, ev.absorption]).toEqual([null, null, null]);
    expect(ev.maxDecoderCosine).toBeGreaterThan(0);

    const resumed = await ctx.studio.trainSae({ projectDir: dir, datasetId: 'toy', configs: [{ ...base, steps: 400, arch: 'topk', archConfig: { k: 4 } }], resumeRunId: topk.id, evaluate: false });
    await finished(resumed.jobId);
    const after = await ctx.studio.getRun({ projectDir: dir, runId: topk.id });
    expect(after.steps).toBe(400);
    const more = await ctx.studio.getRunMetrics({ projectDir: dir, runId: topk.id });
    expect(more.lines.map((l) => l.step)).toEqual([50, 100, 150, 200, 250, 300, 350, 400]);
    expect((await ctx.studio.listRuns({ projectDir: dir })).length).toBe(2);

    const imported = await ctx.studio.importSae({ projectDir: dir, path: path.join(dir, 'runs', topk.id), name: 'copy' });
    expect(imported).toMatchObject({ origin: 'imported', arch: 'saelens:topk', dIn: 32, dSae: 128, datasetId: null, source: { format: 'saelens', path: path.join(dir, 'runs', topk.id) } });
    expect(await ctx.studio.getRunEval({ projectDir: dir, runId: imported.id })).toBeNull();
    const [a, b] = await Promise.all([loadSaeLens(path.join(dir, 'runs', topk.id)), loadSaeLens(path.join(dir, 'runs', imported.id))]);
    expect(Array.from(b.W_dec)).toEqual(Array.from(a.W_dec));
    const evCopy = await ctx.studio.evaluateRun({ projectDir: dir, runId: imported.id, datasetId: 'toy' });
    // measuring an import on a dataset makes that its dataset (the explorer and Compare read it)
    expect(await ctx.studio.getRun({ projectDir: dir, runId: imported.id })).toMatchObject({ datasetId: 'toy', evaluated: true });
    expect(await ctx.studio.getRunEval({ projectDir: dir, runId: imported.id })).toEqual(evCopy);
    const evAfter = await ctx.studio.evaluateRun({ projectDir: dir, runId: topk.id });
    expect({ ...evCopy, evaluatedAt: '' }).toEqual({ ...evAfter, evaluatedAt: '' });
  }, 120_000);

  it('cancel keeps the run as cancelled; resume finishes it on the same loss curve; SIGKILL before the save leaves no trace', async () => {
    const dir = path.join(ctx.tmp, 'c');
    await ctx.studio.createProject({ dir, name: 'cancel' });
    await finished((await ctx.studio.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: 8192, id: 'toy', seed: 3 } })).jobId);
    const config = { arch: 'topk', archConfig: { k: 4 }, width: 128, batchSize: 256, steps: 800, lr: 3e-3, logEvery: 20 };
    const train = (extra: object = {}) => ctx.studio.trainSae({ projectDir: dir, datasetId: 'toy', name: 'toy', configs: [config], evaluate: false, ...extra });

    // The reference: the same config trained without a break.
    await finished((await train()).jobId);
    const [straight] = await ctx.studio.listRuns({ projectDir: dir });
    expect(straight).toMatchObject({ status: 'complete', steps: 800, plannedSteps: 800, provider: 'cpu' });
    const reference = (await ctx.studio.getRunMetrics({ projectDir: dir, runId: straight.id })).lines;

    const { jobId } = await train();
    await reached(jobId, 100);
    const cancelled = await ctx.studio.cancelJob({ jobId });
    expect(cancelled.state).toBe('cancelled');
    expect(ctx.studio.jobs.log(jobId).map((l) => l.line)).toContain('provider: cpu');
    const runs = await ctx.studio.listRuns({ projectDir: dir });
    expect(runs).toHaveLength(2);
    const partial = runs.find((r) => r.id !== straight.id)!;
    expect(partial).toMatchObject({ status: 'cancelled', plannedSteps: 800, evaluated: false, provider: 'cpu' });
    expect(partial.steps).toBeGreaterThanOrEqual(100);
    expect(partial.steps).toBeLessThan(800);
    const before = (await ctx.studio.getRunMetrics({ projectDir: dir, runId: partial.id })).lines;
    expect(before.at(-1)!.step).toBe(partial.steps - (partial.steps % 20));
    expect(await fs.readdir(path.join(dir, '.tmp'))).toEqual([]);

    await finished((await train({ resumeRunId: partial.id })).jobId);
    const done = await ctx.studio.getRun({ projectDir: dir, runId: partial.id });
    expect(done).toMatchObject({ status: 'complete', steps: 800, createdAt: partial.createdAt });
    const resumed = (await ctx.studio.getRunMetrics({ projectDir: dir, runId: partial.id })).lines;
    // Every logged step once, in order, exactly as the unbroken run logged them.
    expect(resumed.map((l) => l.step)).toEqual(reference.map((l) => l.step));
    // Same batches from the saved data cursor, same weights and optimizer state: the curves match
    // (bit for bit on one machine; the tolerance allows for the thread pool's summation order).
    resumed.forEach((l, i) => expect(Math.abs(l.loss - reference[i].loss), `step ${l.step}`).toBeLessThanOrEqual(1e-5 * reference[i].loss));

    // Cancel, then kill the job process before it can save: nothing of that run reaches the project.
    const manifestBefore = await fs.readFile(path.join(dir, 'studio.json'), 'utf8');
    const killed = await train();
    await reached(killed.jobId, 20);
    const pending = ctx.studio.cancelJob({ jobId: killed.jobId });
    process.kill(ctx.studio.jobs.pidOf(killed.jobId)!, 'SIGKILL');
    expect((await pending).state).toBe('cancelled');
    expect(await fs.readFile(path.join(dir, 'studio.json'), 'utf8')).toBe(manifestBefore);
    expect((await readManifest(dir)).manifest.runs.map((r) => r.id).sort()).toEqual([straight.id, partial.id].sort());
    expect((await fs.readdir(path.join(dir, 'runs'))).sort()).toEqual([straight.id, partial.id].sort());
    expect(await ctx.studio.listRuns({ projectDir: dir })).toHaveLength(2);
  }, 120_000);

  it('names the bad field of a config and the missing run or dataset', async () => {
    const dir = path.join(ctx.tmp, 'q');
    await ctx.studio.createProject({ dir, name: 'bad' });
    const caught = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e);
    expect(await caught(ctx.studio.trainSae({ projectDir: dir, datasetId: 'nope', configs: [{ arch: 'topk', width: 8 }] }))).toMatchObject({ code: 'not-found', where: 'datasetId' });
    expect(await caught(ctx.studio.getRun({ projectDir: dir, runId: 'nope' }))).toMatchObject({ code: 'not-found', where: 'runId' });
    expect(await caught(ctx.studio.startJob({ projectDir: dir, kind: 'train-sae', params: { datasetId: 'x', configs: [{ arch: 'topk', width: 8, archConfig: { k: -1 } }] } }))).toMatchObject({ code: 'bad-input', where: 'params.configs.0.k' });
    expect(await caught(ctx.studio.importSae({ projectDir: dir, path: ctx.tmp }))).toMatchObject({ code: 'not-found' });
  });
});
