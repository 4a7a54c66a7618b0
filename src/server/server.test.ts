import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { Studio } from '../core/studio';
import { PathPolicy } from '../core/studio/paths';
import { createStudioClient, httpTransport, type StudioApi } from '../shared/api';
import type { EventMessage } from '../shared/api/http-wire';
import { StudioError } from '../shared/errors';
import type { JobInfo } from '../shared/schemas/job';
import { startServer, type RunningServer } from './server';

// A real SAE decoder matrix (W_dec, 1024 × 128 float32) from ../shared/data/activations
// (thijmennijdam/Othello-GPT-FeatInterp, MIT; see SOURCES.md there).
const SAE_WEIGHTS = path.resolve(
  __dirname,
  '../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.1.hook_resid_pre_1_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors',
);

let tmp: string;
let allowed: string;
let outside: string;
let studio: Studio;
let server: RunningServer;
let base: string;
let client: StudioApi;

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-serve-'));
  allowed = path.join(tmp, 'allowed');
  outside = path.join(tmp, 'outside');
  const renderer = path.join(tmp, 'renderer');
  await fs.mkdir(allowed);
  await fs.mkdir(outside);
  await fs.mkdir(renderer);
  await fs.writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
  await fs.writeFile(path.join(renderer, 'app.js'), 'console.log(1)');
  await fs.writeFile(path.join(tmp, 'secret.txt'), 'secret');
  await fs.copyFile(SAE_WEIGHTS, path.join(allowed, 'sae.safetensors'));
  await fs.copyFile(SAE_WEIGHTS, path.join(outside, 'sae.safetensors'));
  studio = new Studio({ home: path.join(tmp, 'home'), policy: await PathPolicy.create([allowed]), cancelGraceMs: 500 });
  server = await startServer({ studio, port: 0, rendererDir: renderer });
  base = `http://127.0.0.1:${server.port}`;
  client = createStudioClient(
    httpTransport({ baseUrl: base, token: server.token, fetch: (url, init) => fetch(url, init), openSocket: (url) => new WebSocket(url) as never }),
  );
});
afterAll(async () => {
  await server.close();
  await studio.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

async function post(method: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}
const auth = () => ({ authorization: `Bearer ${server.token}` });

/** A raw request, so paths like `/../x` reach the server unnormalized. */
function rawGet(rawPath: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: rawPath }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
      })
      .on('error', reject);
  });
}

/** A raw request with any headers (fetch refuses to set Host). */
function rawRequest(method: string, rawPath: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: rawPath, method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The status a WebSocket upgrade gets (101 when it opens). */
function upgradeStatus(headers: Record<string, string>, query = `?token=${server.token}`): Promise<number> {
  const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, { headers });
  return new Promise((resolve) => {
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
    ws.on('error', () => undefined);
  });
}

async function caught(promise: Promise<unknown>): Promise<StudioError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(StudioError);
  return err as StudioError;
}

describe('serve: the token', () => {
  it('prints a 127.0.0.1 URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(40);
  });

  it('answers 401 to every /api/* request without the right token, before routing', async () => {
    for (const [method, url, headers] of [
      ['POST', '/api/listJobs', {}],
      ['POST', '/api/noSuchMethod', {}],
      ['GET', '/api/listJobs', {}],
      ['POST', '/api/listJobs?token=wrong', {}],
      ['POST', '/api/listJobs', { authorization: `Bearer ${server.token.slice(1)}` }],
      ['POST', '/api', {}],
    ] as const) {
      const res = await fetch(`${base}${url}`, { method, headers });
      expect(res.status, `${method} ${url}`).toBe(401);
      expect(((await res.json()) as any).error).toMatchObject({ name: 'StudioError', code: 'unauthorized' });
    }
  });

  it('serves GET /api/health without the token', async () => {
    const res = await fetch(`${base}/api/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(body.providers).toContain('cpu');
  });

  it('accepts the token as a Bearer header or a query parameter', async () => {
    expect((await post('listJobs', {}, auth())).status).toBe(200);
    expect((await post(`listJobs?token=${server.token}`, {})).status).toBe(200);
  });
});

describe('serve: who may talk to it (issue 24)', () => {
  const own = () => `127.0.0.1:${server.port}`;

  it('refuses a Host it is not bound to (DNS rebinding), on pages, the API and the socket', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1', `127.0.0.1.evil.example:${server.port}`]) {
      expect((await rawRequest('GET', '/', { host })).status, host).toBe(403);
      expect((await rawRequest('GET', '/api/health', { host })).status, host).toBe(403);
      expect((await rawRequest('POST', '/api/listJobs', { host, ...auth() }, '{}')).status, host).toBe(403);
      expect(await upgradeStatus({ host }), host).toBe(403);
    }
    for (const host of [own(), `localhost:${server.port}`, `LOCALHOST:${server.port}`]) {
      expect((await rawRequest('GET', '/', { host })).status, host).toBe(200);
      expect((await rawRequest('POST', '/api/listJobs', { host, ...auth() }, '{}')).status, host).toBe(200);
    }
  });

  it('refuses API calls and the socket from a foreign Origin, even with the token', async () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${server.port}`, `https://127.0.0.1:${server.port}`]) {
      const res = await rawRequest('POST', '/api/listJobs', { host: own(), origin, ...auth() }, '{}');
      expect(res.status, origin).toBe(403);
      expect(JSON.parse(res.body).error).toMatchObject({ code: 'forbidden', where: 'origin' });
      expect(await upgradeStatus({ origin }), origin).toBe(403);
    }
    expect((await rawRequest('POST', '/api/listJobs', { host: own(), origin: `http://${own()}`, ...auth() }, '{}')).status).toBe(200);
    expect(await upgradeStatus({ origin: `http://${own()}` })).toBe(101);
  });

  it('never copies the Host header into the CSP', async () => {
    const res = await rawRequest('GET', '/', { host: "x; script-src * 'unsafe-inline'" });
    expect(res.status).toBe(403);
    const page = await rawRequest('GET', '/', { host: `localhost:${server.port}` });
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${server.port}`);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe|\*/);
  });

  it('refuses an empty or short chosen token, and an empty presented one', async () => {
    for (const token of ['', '   ', 'short-token']) {
      await expect(startServer({ studio, port: 0, token, rendererDir: null })).rejects.toMatchObject({ code: 'bad-input', where: 'token' });
    }
    expect((await rawRequest('POST', '/api/listJobs?token=', { host: own() }, '{}')).status).toBe(401);
    expect((await rawRequest('POST', '/api/listJobs', { host: own(), authorization: 'Bearer ' }, '{}')).status).toBe(401);
  });
});

describe('serve: methods and errors', () => {
  it('calls methods through the generated client and keeps StudioError intact', async () => {
    const summary = await client.createProject({ dir: path.join(allowed, 'a.fstudio'), name: 'A' });
    expect(summary.manifest.name).toBe('A');
    expect(summary.readOnly).toBe(false);
    expect((await client.listRecentProjects({}))[0].dir).toBe(summary.dir);

    const missing = await caught(client.openProject({ dir: path.join(allowed, 'nothing-here') }));
    expect(missing.code).toBe('not-found');
    expect(missing.where).toBe(path.join(allowed, 'nothing-here', 'studio.json'));

    const bad = await caught(client.createProject({ dir: '', name: 'x' }));
    expect(bad).toMatchObject({ code: 'bad-input', where: 'dir' });
  });

  it('maps error codes to HTTP statuses', async () => {
    expect(await post('createProject', { dir: 42 }, auth())).toMatchObject({ status: 400, body: { error: { code: 'bad-input', where: 'dir' } } });
    expect(await post('noSuchMethod', {}, auth())).toMatchObject({ status: 404, body: { error: { code: 'not-found' } } });
    expect(await post('getJob', { jobId: 'nope' }, auth())).toMatchObject({ status: 404, body: { error: { code: 'not-found', where: 'jobId' } } });
    const notJson = await fetch(`${base}/api/listJobs`, { method: 'POST', headers: auth(), body: '{oops' });
    expect(notJson.status).toBe(400);
  });
});

describe('serve: paths are confined', () => {
  it('refuses project folders outside the allowed root, by "..", or through a symlink', async () => {
    await fs.symlink(outside, path.join(allowed, 'link-out'));
    for (const dir of [path.join(outside, 'p'), `${allowed}/../outside/p`, path.join(allowed, 'link-out', 'p'), '/etc']) {
      const err = await caught(client.createProject({ dir, name: 'x' }));
      expect(err.code, dir).toBe('forbidden');
      expect(err.where).toBe('dir');
    }
    expect((await fs.readdir(outside)).filter((f) => f !== 'private.fstudio')).toEqual(['sae.safetensors']);
    // A project this user opened elsewhere (same home) is not listed to serve's clients.
    const elsewhere = new Studio({ home: path.join(tmp, 'home') });
    await elsewhere.createProject({ dir: path.join(outside, 'private.fstudio'), name: 'private' });
    await elsewhere.close();
    expect((await client.listRecentProjects({})).map((r) => r.name)).not.toContain('private');
    expect((await post('openProject', { dir: tmp }, auth())).status).toBe(403);
  });

  it('refuses import sources outside the root and projects this server did not open', async () => {
    const project = await client.createProject({ dir: path.join(allowed, 'b.fstudio'), name: 'B' });
    const outsideFile = await caught(client.inspectImportFile({ path: path.join(outside, 'sae.safetensors') }));
    expect(outsideFile).toMatchObject({ code: 'forbidden', where: 'path' });
    await fs.symlink(path.join(outside, 'sae.safetensors'), path.join(allowed, 'link.safetensors'));
    expect(await caught(client.importDataset({ projectDir: project.dir, path: path.join(allowed, 'link.safetensors'), tensor: 'W_dec' }))).toMatchObject({ code: 'forbidden' });
    expect(await caught(client.listDatasets({ projectDir: path.join(outside, 'x') }))).toMatchObject({ code: 'not-found', where: 'projectDir' });
    // The generic job door confines a kind's path parameters too.
    const viaStartJob = await caught(client.startJob({ projectDir: project.dir, kind: 'import-dataset', params: { source: path.join(outside, 'sae.safetensors'), name: 'x', id: 'x' } }));
    expect(viaStartJob).toMatchObject({ code: 'forbidden', where: 'params.source' });
    const inspected = await client.inspectImportFile({ path: path.join(allowed, 'sae.safetensors') });
    expect(inspected.tensors.find((t) => t.name === 'W_dec')).toMatchObject({ shape: [1024, 128], importable: true });
  });

  it('serves renderer files with the CSP and never a file outside the folder', async () => {
    const index = await rawGet('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    expect(index.headers['referrer-policy']).toBe('no-referrer');
    expect((await rawGet('/some/route')).body).toContain('<title>studio</title>');
    expect((await rawGet('/app.js')).headers['content-type']).toContain('javascript');
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await rawGet(escape);
      expect(res.status, escape).toBe(404);
      expect(res.body).not.toContain('secret');
    }
  });
});

describe('serve: events', () => {
  it('refuses the event socket without the token', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`);
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!)));
    expect(status).toBe(401);
  });

  it('streams job updates of an import to a WebSocket client', async () => {
    const project = await client.createProject({ dir: path.join(allowed, 'c.fstudio'), name: 'C' });
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events?token=${server.token}`);
    await new Promise((resolve) => ws.on('open', resolve));
    const seen: JobInfo[] = [];
    const finished = new Promise<JobInfo>((resolve) =>
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as EventMessage;
        if (message.event !== 'jobUpdate') return;
        const job = message.payload as JobInfo;
        seen.push(job);
        if (job.state !== 'running') resolve(job);
      }),
    );
    const { jobId } = await client.importDataset({ projectDir: project.dir, path: path.join(allowed, 'sae.safetensors'), tensor: 'W_enc', name: 'encoder' });
    const end = await finished;
    ws.close();
    expect(end).toMatchObject({ id: jobId, state: 'done', kind: 'import-dataset' });
    expect(seen[0].state).toBe('running');
    const datasets = await client.listDatasets({ projectDir: project.dir });
    expect(datasets).toHaveLength(1);
    expect(datasets[0]).toMatchObject({ name: 'encoder', rows: 128, dims: 1024 });
  });

  it('delivers events through the generated client', async () => {
    const project = await client.createProject({ dir: path.join(allowed, 'd.fstudio'), name: 'D' });
    const done = new Promise<JobInfo>((resolve) => {
      const off = client.on('jobUpdate', (job) => {
        if (job.state !== 'running') {
          off();
          resolve(job);
        }
      });
    });
    // The socket opens within milliseconds; the job process needs far longer to start and finish.
    await client.importDataset({ projectDir: project.dir, path: path.join(allowed, 'sae.safetensors'), tensor: 'W_dec' });
    expect((await done).state).toBe('done');
  });
});
