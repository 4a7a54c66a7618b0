import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { Studio } from '../studio';
import { PathPolicy } from './paths';
import { saveSaeLens } from '../sae/checkpoint/saelens';
import { randomSae } from '../sae/checkpoint/testSae';
import { writeFileAtomic } from '../io/atomic';
import { writeNpy } from '../data/npy';
import { useTempStudio } from './testing';

/*
 * Issue 24's probe findings, through the Studio façade with real files: things that are not
 * regular files (FIFOs, devices, folders, symlink loops) are refused before they are opened,
 * checkpoints read only their own folder, non-finite weights are refused, and nothing of the
 * project changes on any refusal.
 */
const ctx = useTempStudio('fs-refuse-');

/** Fails instead of hanging: a FIFO opened for reading blocks until a writer comes. */
async function settle<T>(promise: Promise<T>, ms = 4000): Promise<T | StudioError> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`hung for ${ms} ms`)), ms)));
  try {
    return await Promise.race([promise.then((v) => v, (e: unknown) => e as StudioError), hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function project(studio: Studio = ctx.studio) {
  return studio.createProject({ dir: path.join(ctx.tmp, `p${Math.random().toString(36).slice(2, 8)}.fstudio`), name: 'p' });
}

const snapshot = async (dir: string) => {
  const names = (await fs.readdir(dir, { recursive: true })).filter((n) => !n.includes('.studio.lock')).sort();
  return { names, manifest: await fs.readFile(path.join(dir, 'studio.json'), 'utf8') };
};

describe('files that are not regular files', () => {
  it('refuses FIFOs, a symlink to /dev/zero, a folder and a symlink loop, on inspect and import, by name', async () => {
    const p = await project();
    const before = await snapshot(p.dir);
    const fifos = ['a.npy', 'b.csv', 'c.safetensors'].map((n) => path.join(ctx.tmp, n));
    execFileSync('mkfifo', fifos);
    const zero = path.join(ctx.tmp, 'zero.npy');
    await fs.symlink('/dev/zero', zero);
    const folder = path.join(ctx.tmp, 'folder.npy');
    await fs.mkdir(folder);
    const loop = path.join(ctx.tmp, 'loop.npy');
    await fs.symlink(path.join(ctx.tmp, 'loop2.npy'), loop);
    await fs.symlink(loop, path.join(ctx.tmp, 'loop2.npy'));
    for (const file of [...fifos, zero, folder, loop]) {
      const inspected = await settle(ctx.studio.inspectImportFile({ path: file }));
      expect(inspected, file).toBeInstanceOf(StudioError);
      expect(inspected, file).toMatchObject({ code: 'bad-input' });
      expect((inspected as StudioError).message, file).toMatch(/FIFO|device|folder|loop/);
    }
    const { jobId } = await ctx.studio.importDataset({ projectDir: p.dir, path: fifos[0] });
    const end = await ctx.studio.jobs.whenEnded(jobId);
    expect(end.error).toMatchObject({ code: 'bad-input', where: fifos[0] });
    expect(await snapshot(p.dir)).toEqual(before);
  });

  it('keeps answering other calls while FIFOs are being inspected', async () => {
    const p = await project();
    const fifos = [1, 2, 3, 4, 5, 6].map((i) => path.join(ctx.tmp, `f${i}.npy`));
    execFileSync('mkfifo', fifos);
    const inspections = fifos.map((f) => settle(ctx.studio.inspectImportFile({ path: f })));
    expect(await settle(ctx.studio.listDatasets({ projectDir: p.dir }), 2000)).toEqual([]);
    for (const r of await Promise.all(inspections)) expect(r).toMatchObject({ code: 'bad-input' });
  });

  it('refuses a symlink to /dev/zero or a FIFO as explanations without reading it', async () => {
    const p = await project();
    const run = await importedRun(p.dir);
    const zero = path.join(ctx.tmp, 'explanations.json');
    await fs.symlink('/dev/zero', zero);
    const fifo = path.join(ctx.tmp, 'explanations.csv');
    execFileSync('mkfifo', [fifo]);
    for (const file of [zero, fifo]) {
      const err = await settle(ctx.studio.importExplanations({ projectDir: p.dir, runId: run.id, path: file }));
      expect(err, file).toMatchObject({ code: 'bad-input' });
      expect((err as StudioError).message).toMatch(/device|FIFO/);
    }
  });
});

async function sampleSae(name: string, edit?: (sae: ReturnType<typeof randomSae>) => void): Promise<string> {
  const dir = path.join(ctx.tmp, name);
  const sae = randomSae('standard', 8, 16, 3);
  edit?.(sae);
  await saveSaeLens(dir, sae);
  return dir;
}

async function importedRun(projectDir: string) {
  return ctx.studio.importSae({ projectDir, path: await sampleSae(`sae-${Math.random().toString(36).slice(2, 8)}`) });
}

describe('importSae reads only the checkpoint folder', () => {
  it('refuses a cfg.json whose whitening file climbs out, without echoing the file it names', async () => {
    const p = await project();
    const before = await snapshot(p.dir);
    const dir = await sampleSae('climb');
    const secret = path.join(ctx.tmp, 'secret.txt');
    await fs.writeFile(secret, 'TOP-SECRET-CONTENTS');
    const cfg = JSON.parse(await fs.readFile(path.join(dir, 'cfg.json'), 'utf8'));
    cfg.studio.whitening = { kind: 'zca', dims: 8, epsilon: 1e-6, file: '../secret.txt' };
    await writeFileAtomic(path.join(dir, 'cfg.json'), JSON.stringify(cfg));
    const err = await settle(ctx.studio.importSae({ projectDir: p.dir, path: dir }));
    expect(err).toMatchObject({ code: 'forbidden', where: `${await fs.realpath(path.join(dir, 'cfg.json'))}: studio.whitening.file` });
    expect(JSON.stringify(err)).not.toContain('TOP-SECRET');
    expect(await snapshot(p.dir)).toEqual(before);
  });

  it('refuses weights symlinked outside the checkpoint folder (and so outside serve\'s roots)', async () => {
    const allowed = path.join(ctx.tmp, 'allowed');
    await fs.mkdir(allowed);
    const outsideSae = await sampleSae('outside-sae');
    const dir = path.join(allowed, 'linked');
    await fs.mkdir(dir);
    await fs.copyFile(path.join(outsideSae, 'cfg.json'), path.join(dir, 'cfg.json'));
    await fs.symlink(path.join(outsideSae, 'sae_weights.safetensors'), path.join(dir, 'sae_weights.safetensors'));
    const confined = new Studio({ home: path.join(ctx.tmp, 'home2'), policy: await PathPolicy.create([allowed]) });
    try {
      const p = await confined.createProject({ dir: path.join(allowed, 'p.fstudio'), name: 'p' });
      const err = await settle(confined.importSae({ projectDir: p.dir, path: dir }));
      expect(err).toMatchObject({ code: 'forbidden' });
      expect(p.manifest.runs).toEqual([]);
      expect((await confined.getProject({ projectDir: p.dir })).manifest.runs).toEqual([]);
    } finally {
      await confined.close();
    }
  });

  it('refuses FIFO weights at once', async () => {
    const p = await project();
    const dir = await sampleSae('fifo-weights');
    await fs.rm(path.join(dir, 'sae_weights.safetensors'));
    execFileSync('mkfifo', [path.join(dir, 'sae_weights.safetensors')]);
    expect(await settle(ctx.studio.importSae({ projectDir: p.dir, path: dir }))).toMatchObject({ code: 'bad-input' });
  });

  it('refuses NaN or infinite weights at import, naming the file and tensor', async () => {
    const p = await project();
    const before = await snapshot(p.dir);
    for (const [name, value] of [['nan', NaN], ['inf', Infinity]] as const) {
      const dir = path.join(ctx.tmp, `bad-${name}`);
      const sae = randomSae('standard', 8, 16, 3);
      sae.W_dec[5] = value;
      // saveSaeLens refuses non-finite weights too, so the file is written as another tool would.
      await saveSaeLens(dir, randomSae('standard', 8, 16, 3));
      const { writeSafetensors } = await import('../data/safetensors');
      await writeSafetensors(path.join(dir, 'sae_weights.safetensors'), {
        W_enc: { shape: [8, 16], data: sae.W_enc },
        W_dec: { shape: [16, 8], data: sae.W_dec },
        b_enc: { shape: [16], data: sae.b_enc },
        b_dec: { shape: [8], data: sae.b_dec },
      });
      const err = await settle(ctx.studio.importSae({ projectDir: p.dir, path: dir }));
      expect(err, name).toMatchObject({ code: 'bad-file', where: `${await fs.realpath(path.join(dir, 'sae_weights.safetensors'))}: W_dec` });
      expect((err as StudioError).message).toContain('index 5');
    }
    expect(await snapshot(p.dir)).toEqual(before);
  });
});

describe('startJob', () => {
  it('answers an Object key as kind with bad-input, not an internal error', async () => {
    const p = await project();
    for (const kind of ['__proto__', 'constructor', 'hasOwnProperty']) {
      expect(await settle(ctx.studio.startJob({ projectDir: p.dir, kind, params: {} })), kind).toMatchObject({ code: 'bad-input', where: 'kind' });
    }
  });
});

describe('values that overflow', () => {
  it('refuses a finite 3e38 at import by file, row and column instead of a schema dump', async () => {
    const p = await project();
    const file = path.join(ctx.tmp, 'huge.npy');
    const data = new Float32Array(64 * 8).fill(0.5);
    data[9 * 8 + 3] = 3e38;
    await writeNpy(file, data, [64, 8]);
    const { jobId } = await ctx.studio.importDataset({ projectDir: p.dir, path: file, name: 'huge' });
    const end = await ctx.studio.jobs.whenEnded(jobId);
    expect(end.error).toMatchObject({ code: 'bad-input', where: `${file}: element [9, 3] (0-based)` });
    expect(end.error!.message).toContain('too large');
  });

  it('ends a training that diverges in a named error that says what was kept, listing no poisoned run', async () => {
    const p = await project();
    const toy = await ctx.studio.startJob({ projectDir: p.dir, kind: 'toy-dataset', params: { rows: 2048, id: 'toy', seed: 2 } });
    expect((await ctx.studio.jobs.whenEnded(toy.jobId)).error ?? null).toBeNull();
    const { jobId } = await ctx.studio.trainSae({ projectDir: p.dir, datasetId: 'toy', name: 'x', configs: [{ arch: 'relu', width: 16, batchSize: 64, steps: 30, lr: 1e30 }], evaluate: false });
    const end = await ctx.studio.jobs.whenEnded(jobId);
    expect(end.state).toBe('error');
    expect(end.error).toMatchObject({ code: 'runtime' });
    expect(end.error!.message).toMatch(/training diverged: the loss is \w+ at step \d+;.*no checkpoint was saved before it/);
    expect((await ctx.studio.getProject({ projectDir: p.dir })).manifest.runs).toEqual([]);
  });
});
