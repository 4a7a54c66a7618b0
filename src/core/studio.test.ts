import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { studioMethods } from '../shared/api/methods';
import { StudioError } from '../shared/errors';
import { Studio } from './studio';
import { PathPolicy } from './studio/paths';

let tmp: string;
let studio: Studio;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-studio-'));
  studio = new Studio({ home: path.join(tmp, 'home') });
});
afterEach(async () => {
  await studio.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

describe('Studio façade', () => {
  it('has a function for every method of the contract table', () => {
    for (const name of Object.keys(studioMethods)) expect(typeof (studio as unknown as Record<string, unknown>)[name], name).toBe('function');
  });

  it('refuses bad arguments with bad-input naming the field path', async () => {
    expect(await caught(studio.call('createProject', { dir: 'x' }))).toMatchObject({ code: 'bad-input', where: 'name' });
    expect(await caught(studio.call('getDataset', { projectDir: 'p', datasetId: 7 }))).toMatchObject({ code: 'bad-input', where: 'datasetId' });
    expect(await caught(studio.call('pickPath', { kind: 'socket' }))).toMatchObject({ code: 'bad-input', where: 'kind' });
    expect(await caught(studio.call('noSuchMethod', {}))).toMatchObject({ code: 'not-found' });
  });

  it('acts only on projects opened in this studio, and lists them as recent', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    expect(await caught(studio.listDatasets({ projectDir: dir }))).toMatchObject({ code: 'not-found', where: 'projectDir' });
    const created = await studio.createProject({ dir, name: 'P' });
    expect(await studio.listDatasets({ projectDir: dir })).toEqual([]);
    expect((await studio.listRecentProjects({})).map((r) => r.dir)).toEqual([created.dir]);
    expect(await studio.closeProject({ projectDir: dir })).toEqual({ closed: true });
    expect(await caught(studio.getProject({ projectDir: dir }))).toMatchObject({ code: 'not-found' });
    const reopened = await studio.openProject({ dir });
    expect(reopened.readOnly).toBe(false);
  });

  it('simultaneous opens of one project share the writable project', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await studio.createProject({ dir, name: 'P' });
    await studio.closeProject({ projectDir: dir });
    const opened = await Promise.all([studio.openProject({ dir }), studio.openProject({ dir }), studio.openProject({ dir })]);
    expect(opened.map((o) => o.readOnly)).toEqual([false, false, false]);
    expect((await studio.getProject({ projectDir: dir })).readOnly).toBe(false);
  });

  it('a second studio on the same project is read-only and cannot start jobs', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await studio.createProject({ dir, name: 'P' });
    const other = new Studio({ home: path.join(tmp, 'home2') });
    try {
      const summary = await other.openProject({ dir });
      expect(summary.readOnly).toBe(true);
      expect(await caught(other.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: 10 } }))).toMatchObject({ code: 'locked' });
    } finally {
      await other.close();
    }
  });

  it('reports job-parameter errors with the parameter path', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await studio.createProject({ dir, name: 'P' });
    expect(await caught(studio.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: -5 } }))).toMatchObject({ code: 'bad-input', where: 'params.rows' });
  });

  it('offers the file chooser only where the host has one', async () => {
    expect(await caught(studio.pickPath({ kind: 'folder' }))).toMatchObject({ code: 'unsupported' });
    expect((await studio.health({})).pickPaths).toBe(false);
    const desktop = new Studio({ home: path.join(tmp, 'home3'), host: { pickPath: async (r) => (r.kind === 'folder' ? '/chosen' : null) } });
    expect(await desktop.pickPath({ kind: 'folder' })).toEqual({ path: '/chosen' });
    expect(await desktop.pickPath({ kind: 'file', extensions: ['npy'] })).toEqual({ path: null });
    expect((await desktop.health({})).pickPaths).toBe(true);
  });
});

describe('PathPolicy', () => {
  it('accepts paths inside a root, new ones included, and refuses escapes', async () => {
    const root = path.join(tmp, 'root');
    await fs.mkdir(path.join(root, 'inside'), { recursive: true });
    await fs.symlink(tmp, path.join(root, 'up'));
    const policy = await PathPolicy.create([root]);
    const realRoot = await fs.realpath(root);
    expect(await policy.confine(path.join(root, 'inside'), 'dir')).toBe(path.join(realRoot, 'inside'));
    expect(await policy.confine(path.join(root, 'new', 'deeper'), 'dir')).toBe(path.join(realRoot, 'new', 'deeper'));
    expect(await policy.confine('inside', 'dir')).toBe(path.join(realRoot, 'inside'));
    for (const bad of [tmp, path.join(root, '..', 'x'), 'inside/../../x', path.join(root, 'up', 'x'), `${root}-sibling`, 'a\0b']) {
      const err = await caught(policy.confine(bad, 'dir'));
      expect(['forbidden', 'bad-input'], bad).toContain(err.code);
      expect(err.where).toBe('dir');
    }
  });
});
