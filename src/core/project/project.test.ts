import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { StudioError } from '../../shared/errors';
import { Project } from './project';
import { readManifest } from './manifest';
import { manifestMigrations, migrateManifest } from './migrations';
import { SCHEMA_VERSION } from '../../shared/schemas/project';
import { listRecent, rememberRecent } from './recent';
import { LOCK_FILE, MANIFEST_FILE } from './layout';

let root: string;
const open: Project[] = [];
const children: ChildProcess[] = [];

beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-project-'));
});
afterEach(async () => {
  for (const p of open.splice(0)) await p.close();
  for (const c of children.splice(0)) c.kill('SIGKILL');
  await fs.rm(root, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await fs.readdir(dir, { recursive: true })) {
    const full = path.join(dir, name);
    if ((await fs.stat(full)).isFile()) out[name] = await fs.readFile(full, 'utf8');
  }
  return out;
}

function liveProcess(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child;
}

describe('Project', () => {
  it('creates the folder layout and a valid manifest, and reopens it', async () => {
    const dir = path.join(root, 'study.fstudio');
    const created = await Project.create(dir, 'My study');
    expect(created.readOnly).toBe(false);
    for (const sub of ['datasets', 'runs', 'models', 'reports']) expect((await fs.stat(path.join(dir, sub))).isDirectory()).toBe(true);
    const onDisk = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    expect(onDisk).toMatchObject({ schemaVersion: SCHEMA_VERSION, name: 'My study', datasets: [], corpora: [] });
    await created.update((m) => m.datasets.push({ id: 'd1', name: 'acts', createdAt: '2026-01-01T00:00:00Z' }));
    await created.close();
    await expect(fs.access(path.join(dir, LOCK_FILE))).rejects.toThrow();

    const reopened = await Project.open(dir);
    open.push(reopened);
    expect(reopened.manifest.datasets.map((d) => d.id)).toEqual(['d1']);
    expect(reopened.readOnly).toBe(false);
  });

  it('refuses to create over a non-empty folder or an existing project', async () => {
    const dir = path.join(root, 'p');
    open.push(await Project.create(dir, 'p'));
    expect((await caught(Project.create(dir, 'again'))).code).toBe('conflict');
    const other = path.join(root, 'other');
    await fs.mkdir(other);
    await fs.writeFile(path.join(other, 'notes.txt'), 'keep me');
    const err = await caught(Project.create(other, 'x'));
    expect(err.code).toBe('conflict');
    expect(err.where).toBe(other);
    expect(await fs.readFile(path.join(other, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('opens read-only when a live process holds the lock, and refuses writes', async () => {
    const dir = path.join(root, 'p');
    await (await Project.create(dir, 'p')).close();
    const holder = liveProcess();
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: holder.pid, host: os.hostname(), startedAt: 'earlier' }));
    const before = await snapshot(dir);
    const p = await Project.open(dir);
    open.push(p);
    expect(p.readOnly).toBe(true);
    const err = await caught(p.update((m) => void (m.name = 'changed')));
    expect(err.code).toBe('locked');
    expect(err.message).toContain(`process ${holder.pid}`);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('takes over the stale lock of a dead process', async () => {
    const dir = path.join(root, 'p');
    await (await Project.create(dir, 'p')).close();
    const dead = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    await new Promise((resolve) => dead.on('exit', resolve));
    await fs.writeFile(path.join(dir, LOCK_FILE), JSON.stringify({ pid: dead.pid, host: os.hostname(), startedAt: 'earlier' }));
    const p = await Project.open(dir);
    open.push(p);
    expect(p.readOnly).toBe(false);
    const lock = JSON.parse(await fs.readFile(path.join(dir, LOCK_FILE), 'utf8'));
    expect(lock.pid).toBe(process.pid);
  });

  it('a second opener in the same process gets read-only', async () => {
    const dir = path.join(root, 'p');
    const first = await Project.create(dir, 'p');
    open.push(first);
    const second = await Project.open(dir);
    open.push(second);
    expect(second.readOnly).toBe(true);
  });
});

describe('corrupt, truncated and foreign manifests', () => {
  const cases: Array<[string, string, string, RegExp]> = [
    ['empty', '', 'bad-file', /empty/],
    ['truncated', '{"schemaVersion": 1, "name": "x", "crea', 'bad-file', /not valid JSON/],
    ['foreign JSON', '{"name": "package", "version": "1.0.0"}', 'bad-file', /not a Feature Studio manifest/],
    ['an array', '[1, 2, 3]', 'bad-file', /not a Feature Studio manifest/],
    ['newer version', '{"schemaVersion": 99, "name": "x"}', 'unsupported', /newer Feature Studio/],
    ['bad field', '{"schemaVersion": 1, "name": "x", "createdAt": "t", "updatedAt": "t", "datasets": [{"id": 3}]}', 'bad-file', /datasets\.0\.id/],
  ];
  for (const [label, content, code, message] of cases) {
    it(`${label}: names the file and modifies nothing`, async () => {
      const dir = path.join(root, 'p');
      await fs.mkdir(path.join(dir, 'datasets', 'd1'), { recursive: true });
      await fs.writeFile(path.join(dir, MANIFEST_FILE), content);
      await fs.writeFile(path.join(dir, 'datasets', 'd1', 'meta.json'), '{"keep": true}');
      const before = await snapshot(dir);
      const err = await caught(Project.open(dir));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(err.where).toContain(path.join(dir, MANIFEST_FILE));
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('a folder without studio.json is not-found', async () => {
    expect((await caught(Project.open(root))).code).toBe('not-found');
  });
});

describe('migrations', () => {
  it('applies the registry step by step and validates the result', () => {
    const registry = {
      0: (m: Record<string, unknown>) => ({ ...m, schemaVersion: 1, title: undefined, name: m.title, datasets: [] }),
    };
    const out = migrateManifest({ schemaVersion: 0, title: 'old' }, 'studio.json', registry, 1);
    expect(out).toMatchObject({ schemaVersion: 1, name: 'old', datasets: [] });
  });

  it('names a version with no migration', () => {
    expect(() => migrateManifest({ schemaVersion: 0 }, 'studio.json', {}, 1)).toThrow(/no migration from schemaVersion 0/);
  });

  it('keeps the original as a backup when a migrated manifest is written back', async () => {
    const dir = path.join(root, 'p');
    await (await Project.create(dir, 'p')).close();
    const registry = { ...manifestMigrations, 0: (m: Record<string, unknown>) => ({ ...m, schemaVersion: 1 }) };
    const v0 = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    v0.schemaVersion = 0;
    await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(v0));
    const loaded = await readManifest(dir, registry);
    expect(loaded.fromVersion).toBe(0);
    expect(loaded.manifest.schemaVersion).toBe(SCHEMA_VERSION);
    const p = await Project.open(dir, registry);
    open.push(p);
    expect(JSON.parse(await fs.readFile(path.join(dir, `${MANIFEST_FILE}.v0.bak`), 'utf8'))).toEqual(v0);
    expect(JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8')).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('opens a version-1 project (before corpora) as version 2 with no corpora', async () => {
    const dir = path.join(root, 'v1');
    await (await Project.create(dir, 'v1')).close();
    const v1 = JSON.parse(await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8'));
    delete v1.corpora;
    v1.schemaVersion = 1;
    await fs.writeFile(path.join(dir, MANIFEST_FILE), JSON.stringify(v1));
    const p = await Project.open(dir);
    open.push(p);
    expect(p.manifest.schemaVersion).toBe(2);
    expect(p.manifest.corpora).toEqual([]);
    expect(JSON.parse(await fs.readFile(path.join(dir, `${MANIFEST_FILE}.v1.bak`), 'utf8')).schemaVersion).toBe(1);
  });
});

describe('recent projects', () => {
  it('keeps newest first without duplicates and survives a corrupt list', async () => {
    const home = path.join(root, 'home');
    await rememberRecent(home, { dir: '/a', name: 'A', openedAt: '1' });
    await rememberRecent(home, { dir: '/b', name: 'B', openedAt: '2' });
    await rememberRecent(home, { dir: '/a', name: 'A', openedAt: '3' });
    expect((await listRecent(home)).map((r) => r.dir)).toEqual(['/a', '/b']);
    await fs.writeFile(path.join(home, 'recent-projects.json'), '{broken');
    expect(await listRecent(home)).toEqual([]);
  });
});
