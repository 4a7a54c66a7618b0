import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { StudioApi } from '../shared/api';
import { IPC_EVENT_CHANNEL } from '../shared/api/names';
import { StudioError } from '../shared/errors';
import { Studio } from '../core/studio';
import type { FrameLike } from './guards';

/**
 * The Electron binary is not installed here, so `electron` is replaced by a minimal in-memory
 * IPC: ipcRenderer.invoke reaches the handler that ipcMain.handle registered, with a sender
 * frame chosen by the test. Everything else — the preload bridge, the main-side binding, the
 * Studio and its projects — is the real code.
 */
const ipc = vi.hoisted(() => ({
  handlers: new Map<string, (event: unknown, args: unknown) => Promise<unknown>>(),
  listeners: new Map<string, Array<(event: unknown, message: unknown) => void>>(),
  frame: { url: 'app://studio/index.html', parent: null } as { url: string; parent: unknown },
  exposed: {} as Record<string, unknown>,
}));

vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, fn: (event: unknown, args: unknown) => Promise<unknown>) => ipc.handlers.set(channel, fn),
    removeHandler: (channel: string) => ipc.handlers.delete(channel),
  },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => ipc.handlers.get(channel)!({ senderFrame: ipc.frame }, structuredClone(args)),
    on: (channel: string, fn: (event: unknown, message: unknown) => void) => ipc.listeners.set(channel, [...(ipc.listeners.get(channel) ?? []), fn]),
    off: (channel: string, fn: (event: unknown, message: unknown) => void) => ipc.listeners.set(channel, (ipc.listeners.get(channel) ?? []).filter((f) => f !== fn)),
  },
  contextBridge: { exposeInMainWorld: (key: string, value: unknown) => (ipc.exposed[key] = value) },
}));

let tmp: string;
let studio: Studio;
let bridge: StudioApi;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-ipc-'));
  studio = new Studio({ home: path.join(tmp, 'home') });
  const { bindStudioIpc } = await import('./ipc');
  const { isAppFrame } = await import('./guards');
  bindStudioIpc(studio, (frame) => isAppFrame(frame as FrameLike | null, 'app://studio'));
  // What main does per window: every core event goes out on one channel.
  studio.onAny((message) => ipc.listeners.get(IPC_EVENT_CHANNEL)?.forEach((fn) => fn({}, structuredClone(message))));
  await import('../preload/index');
  bridge = ipc.exposed.studio as StudioApi;
});
afterAll(async () => {
  await studio.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(() => expect.unreachable('should reject'), (e: unknown) => e);
}

describe('IPC bridge', () => {
  it('exposes exactly the table methods plus on()', async () => {
    const { methodNames } = await import('../shared/api/names');
    expect(Object.keys(ipc.exposed)).toEqual(['studio']);
    expect(Object.keys(bridge).sort()).toEqual([...methodNames, 'on'].sort());
  });

  it('calls the core and returns its result', async () => {
    const summary = await bridge.createProject({ dir: path.join(tmp, 'p.fstudio'), name: 'P' });
    expect(summary).toMatchObject({ manifest: { name: 'P' }, readOnly: false });
    expect(await bridge.listDatasets({ projectDir: summary.dir })).toEqual([]);
  });

  it('carries StudioError code, message and where intact (as JSON, which contextBridge copies)', async () => {
    const err = await rejection(bridge.openProject({ dir: path.join(tmp, 'missing') }));
    expect(err).not.toBeInstanceOf(Error);
    const restored = StudioError.from(err);
    expect(restored).toMatchObject({ code: 'not-found', where: path.join(tmp, 'missing', 'studio.json') });
    expect(restored.detail).toMatch(/not a Feature Studio project folder/);
    expect(StudioError.from(await rejection(bridge.createProject({ dir: '', name: 'x' })))).toMatchObject({ code: 'bad-input', where: 'dir' });
  });

  it('refuses calls from frames that are not the app', async () => {
    for (const frame of [{ url: 'https://evil.example/', parent: null }, { url: 'app://studio/index.html', parent: {} }]) {
      ipc.frame = frame;
      expect(StudioError.from(await rejection(bridge.listJobs({})))).toMatchObject({ code: 'forbidden' });
    }
    ipc.frame = { url: 'app://studio/index.html', parent: null };
  });

  it('delivers core events to subscribers, and stops after unsubscribe', async () => {
    const dir = (await bridge.createProject({ dir: path.join(tmp, 'e.fstudio'), name: 'E' })).dir;
    const states: string[] = [];
    const ended = new Promise<void>((resolve) => {
      const off = bridge.on('jobUpdate', (job) => {
        states.push(job.state);
        if (job.state !== 'running') {
          off();
          resolve();
        }
      });
    });
    await bridge.startJob({ projectDir: dir, kind: 'toy-dataset', params: { rows: 1000 } });
    await ended;
    expect(states[0]).toBe('running');
    expect(states.at(-1)).toBe('done');
    expect(ipc.listeners.get(IPC_EVENT_CHANNEL)).toEqual([]);
  });
});
