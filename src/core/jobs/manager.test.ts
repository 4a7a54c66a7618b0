import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { JobInfo } from '../../shared/schemas/job';
import { Project } from '../project/project';
import { readManifest } from '../project/manifest';
import { openNpy } from '../data/npy';
import { readSafetensors } from '../data/safetensors';
import { fork } from 'node:child_process';
import { JobManager, type Emit } from './manager';
import type { FromWorker, SpawnWorker } from './protocol';
import { TOY_FEATURES_FILE } from './kinds/toy-dataset';

// A real SAE decoder matrix (W_dec, 1024 × 128 float32) from the Othello-GPT SAEs in
// ../shared/data/activations (source: thijmennijdam/Othello-GPT-FeatInterp, MIT; see SOURCES.md).
const SAE_WEIGHTS = path.resolve(
  __dirname,
  '../../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors',
);

let root: string;
let project: Project;
let events: Array<{ event: string; payload: unknown }>;
let manager: JobManager;

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-jobs-'));
  project = await Project.create(path.join(root, 'p.fstudio'), 'jobs');
  events = [];
  const emit: Emit = (event, payload) => void events.push({ event, payload });
  manager = new JobManager({ emit, home: path.join(root, 'home'), cancelGraceMs: 500 });
});
afterEach(async () => {
  await manager.shutdown();
  await project.close();
  await fs.rm(root, { recursive: true, force: true });
});

const updates = (jobId: string) => events.filter((e) => e.event === 'jobUpdate' && (e.payload as JobInfo).id === jobId).map((e) => e.payload as JobInfo);

describe('JobManager with import-dataset', () => {
  it('imports a real tensor in a child process and registers it only at the end', async () => {
    const job = await manager.start(project, 'import-dataset', { source: SAE_WEIGHTS, tensor: 'W_dec', name: 'W_dec', id: 'w-dec' });
    expect(job.state).toBe('running');
    const pid = manager.pidOf(job.id);
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);

    const end = await manager.whenEnded(job.id);
    expect(end.error).toBeNull();
    expect(end.state).toBe('done');
    expect(end.progress).toMatchObject({ step: 1024, total: 1024, unit: 'rows' });
    expect(updates(job.id).some((u) => u.progress !== null)).toBe(true);
    expect(events.some((e) => e.event === 'jobLog' && /imported 1024 rows × 128 dims/.test((e.payload as { line: string }).line))).toBe(true);
    expect(manager.log(job.id).map((l) => l.line)).toEqual(events.filter((e) => e.event === 'jobLog').map((e) => (e.payload as { line: string }).line));

    const { manifest } = await readManifest(project.dir);
    expect(manifest.datasets.map((d) => d.id)).toEqual(['w-dec']);
    const meta = JSON.parse(await fs.readFile(path.join(project.dir, 'datasets', 'w-dec', 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ id: 'w-dec', rows: 1024, dims: 128, dtype: 'float32' });

    // The shards hold exactly the source tensor (float32 is copied bit for bit).
    const expected = (await readSafetensors(SAE_WEIGHTS)).tensors.W_dec.data;
    const shard = await openNpy(path.join(project.dir, 'datasets', 'w-dec', meta.shards[0].file));
    const rows = await shard.readRows(0, meta.shards[0].rows);
    await shard.close();
    expect(Array.from(rows)).toEqual(Array.from(expected.subarray(0, rows.length)));
    expect(await fs.readdir(path.join(project.dir, '.tmp'))).toEqual([]);
  });

  it('reports a bad file as a job error naming it, and leaves the project as it was', async () => {
    const bad = path.join(root, 'truncated.npy');
    await fs.writeFile(bad, Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 200, 0, 123]));
    const before = await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8');
    const job = await manager.start(project, 'import-dataset', { source: bad, name: 'bad', id: 'bad' });
    const end = await manager.whenEnded(job.id);
    expect(end.state).toBe('error');
    expect(end.error?.code).toBe('bad-file');
    expect(end.error?.where).toContain('truncated.npy');
    expect(await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8')).toBe(before);
    expect(await fs.readdir(path.join(project.dir, 'datasets'))).toEqual([]);
  });

  it('validates params before starting a process', async () => {
    await expect(manager.start(project, 'import-dataset', { source: SAE_WEIGHTS, name: 'x', id: '../escape' })).rejects.toMatchObject({ code: 'bad-input', where: 'params.id' });
    // Object's own keys are not kinds (issue 24: `__proto__` gave a 500).
    for (const kind of ['no-such-kind', '__proto__', 'toString', 'constructor']) {
      await expect(manager.start(project, kind, {}), kind).rejects.toMatchObject({ code: 'bad-input', where: 'kind' });
    }
    expect(manager.list()).toEqual([]);
  });
});

/** Resolves when the job has reported progress at least once (so it is mid-way). */
function firstProgress(jobId: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => (updates(jobId).some((u) => u.progress && u.progress.step > 0) ? resolve() : setTimeout(check, 20));
    check();
  });
}

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

describe('JobManager with toy-dataset', () => {
  it('generates the dataset with its ground truth, reporting rate and ETA', async () => {
    const job = await manager.start(project, 'toy-dataset', { rows: 30_000, dims: 32, features: 128, seed: 3, id: 'toy' });
    const end = await manager.whenEnded(job.id);
    expect(end.state).toBe('done');
    const withRate = updates(job.id).filter((u) => u.progress?.rate != null);
    expect(withRate.length).toBeGreaterThan(0);
    expect(withRate[0].progress!.etaSeconds).toBeGreaterThanOrEqual(0);
    const dir = path.join(project.dir, 'datasets', 'toy');
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ rows: 30_000, dims: 32, labels: [{ file: TOY_FEATURES_FILE }], source: { kind: 'toy-superposition', seed: 3 } });
    const truth = await openNpy(path.join(dir, TOY_FEATURES_FILE));
    expect([truth.rows, truth.cols]).toEqual([128, 32]);
    await truth.close();
    expect(project.manifest.datasets.map((d) => d.id)).toEqual(['toy']);
  });

  it('cancels a running job: the process ends, the project is unchanged', async () => {
    const before = await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8');
    const job = await manager.start(project, 'toy-dataset', { rows: 100_000_000, dims: 64, id: 'huge' });
    await firstProgress(job.id);
    const pid = manager.pidOf(job.id)!;
    const end = await manager.cancel(job.id);
    expect(end.state).toBe('cancelled');
    expect(end.endedAt).not.toBeNull();
    expect(processGone(pid)).toBe(true);
    expect(await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8')).toBe(before);
    expect(await fs.readdir(path.join(project.dir, 'datasets'))).toEqual([]);
    expect(await fs.readdir(path.join(project.dir, '.tmp'))).toEqual([]);
  });

  it('a job process killed mid-way (a crash) leaves the project readable and unchanged', async () => {
    const before = await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8');
    const job = await manager.start(project, 'toy-dataset', { rows: 100_000_000, dims: 64, id: 'crash' });
    await firstProgress(job.id);
    process.kill(manager.pidOf(job.id)!, 'SIGKILL');
    const end = await manager.whenEnded(job.id);
    expect(end.state).toBe('error');
    expect(end.error).toMatchObject({ code: 'runtime', message: expect.stringContaining('SIGKILL') });
    expect(await fs.readFile(path.join(project.dir, 'studio.json'), 'utf8')).toBe(before);
    await project.close();
    project = await Project.open(project.dir);
    expect(project.manifest.datasets).toEqual([]);
    expect(await fs.readdir(path.join(project.dir, '.tmp'))).toEqual([]);
  });
});

describe('JobManager cancel escalation', () => {
  it('SIGTERMs, then SIGKILLs, a job process that ignores the cancel message', async () => {
    // A real child that ignores both the cancel message and SIGTERM: only SIGKILL stops it.
    const script = path.join(root, 'stubborn.cjs');
    await fs.writeFile(script, "process.on('SIGTERM', () => {}); process.on('message', () => {}); process.send('ready'); setInterval(() => {}, 1000);");
    const exits: Array<string | null> = [];
    let ready!: Promise<unknown>;
    const stubborn: SpawnWorker = () => {
      const child = fork(script, [], { stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      ready = new Promise((resolve) => child.once('message', resolve));
      child.on('exit', (_code, signal) => exits.push(signal));
      return {
        pid: child.pid,
        send: (m) => void child.send(m),
        onMessage: (l) => child.on('message', (m) => typeof m === 'object' && l(m as FromWorker)),
        onExit: (l) => child.on('exit', l),
        kill: (signal) => void child.kill(signal),
      };
    };
    const local = new JobManager({ emit: () => undefined, home: path.join(root, 'home'), spawn: stubborn, cancelGraceMs: 200 });
    const job = await local.start(project, 'toy-dataset', { rows: 10 });
    await ready;
    const pid = local.pidOf(job.id)!;
    expect(processGone(pid)).toBe(false);
    const end = await local.cancel(job.id);
    expect(end.state).toBe('cancelled');
    expect(exits).toEqual(['SIGKILL']);
    expect(processGone(pid)).toBe(true);
  });
});

describe('job processes and their host', () => {
  it('a job process stops when its host dies', async () => {
    // A host process of its own (started through tsx) that starts a long job and reports the job's pid.
    const script = path.join(root, 'host.mts');
    const managerUrl = new URL('./manager.ts', import.meta.url).href;
    const projectUrl = new URL('../project/project.ts', import.meta.url).href;
    await fs.writeFile(
      script,
      `import { JobManager } from ${JSON.stringify(managerUrl)};
       import { Project } from ${JSON.stringify(projectUrl)};
       const project = await Project.create(${JSON.stringify(path.join(root, 'host.fstudio'))}, 'host');
       const manager = new JobManager({ home: ${JSON.stringify(path.join(root, 'home'))}, emit: (event, payload) => { if (event === 'jobUpdate' && payload.progress) process.send(manager.pidOf(payload.id)); } });
       await manager.start(project, 'toy-dataset', { rows: 100000000 });`,
    );
    const { createRequire } = await import('node:module');
    const tsx = new URL(`file://${createRequire(import.meta.url).resolve('tsx')}`).href;
    const host = fork(script, [], { execArgv: ['--import', tsx], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const jobPid = await new Promise<number>((resolve, reject) => {
      host.once('message', (pid) => resolve(pid as number));
      host.once('exit', (code) => reject(new Error(`the host exited early with ${code}`)));
    });
    expect(processGone(jobPid)).toBe(false);
    host.kill('SIGKILL');
    await expect.poll(() => processGone(jobPid), { timeout: 10_000 }).toBe(true);
  });
});
