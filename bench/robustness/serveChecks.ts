import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import WebSocket from 'ws';
import { Studio } from '../../src/core/studio';
import { PathPolicy } from '../../src/core/studio/paths';
import { startServer } from '../../src/server/server';

export interface ServeFigures {
  checks: number;
  passed: number;
  failures: string[];
}

interface Answer {
  status: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * `serve` probed from outside with raw HTTP and WebSocket requests: the token, the Host and
 * Origin checks, the CSP, path confinement and malformed calls. Each check is one expected
 * status (or header property) for one request.
 */
export async function runServeChecks(tmp: string): Promise<ServeFigures> {
  const allowed = path.join(tmp, 'serve-root');
  const outside = path.join(tmp, 'serve-outside');
  const renderer = path.join(tmp, 'serve-renderer');
  for (const d of [allowed, outside, renderer]) await fs.mkdir(d, { recursive: true });
  await fs.writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>studio</title>');
  await fs.writeFile(path.join(tmp, 'secret.txt'), 'secret');
  await fs.writeFile(path.join(outside, 'x.csv'), 'a\n1\n');
  const studio = new Studio({ home: path.join(tmp, 'serve-home'), policy: await PathPolicy.create([allowed]) });
  const server = await startServer({ studio, port: 0, rendererDir: renderer });
  const host = `127.0.0.1:${server.port}`;
  const bearer = { authorization: `Bearer ${server.token}` };
  const figures: ServeFigures = { checks: 0, passed: 0, failures: [] };
  const check = (name: string, ok: boolean, got: string) => {
    figures.checks++;
    if (ok) figures.passed++;
    else figures.failures.push(`${name}: got ${got}`);
  };
  const request = (method: string, p: string, headers: Record<string, string>, body?: string) =>
    new Promise<Answer>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path: p, method, agent: false, headers: { host, ...headers } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('error', () => undefined);
        res.on('end', () => resolve({ status: res.statusCode!, body: text, headers: res.headers }));
      });
      // A server that answers before reading a refused body may reset the connection: status 0.
      req.on('error', () => resolve({ status: 0, body: '', headers: {} }));
      req.end(body);
    });
  const expectStatus = async (name: string, status: number, method: string, p: string, headers: Record<string, string>, body?: string) => {
    const a = await request(method, p, headers, body);
    check(name, a.status === status, String(a.status));
    return a;
  };
  const upgrade = (headers: Record<string, string>, query: string) =>
    new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/events${query}`, { headers: { host, ...headers } });
      ws.on('open', () => {
        ws.close();
        resolve(101);
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode!));
      ws.on('error', () => resolve(0));
    });
  try {
    const methods = ['listJobs', 'listRecentProjects', 'createProject', 'importDataset', 'startJob', 'noSuchMethod'];
    for (const m of methods) {
      await expectStatus(`no token ${m}`, 401, 'POST', `/api/${m}`, {}, '{}');
      await expectStatus(`wrong token ${m}`, 401, 'POST', `/api/${m}`, { authorization: `Bearer ${server.token.slice(1)}x` }, '{}');
      await expectStatus(`empty query token ${m}`, 401, 'POST', `/api/${m}?token=`, {}, '{}');
      await expectStatus(`empty bearer ${m}`, 401, 'POST', `/api/${m}`, { authorization: 'Bearer ' }, '{}');
    }
    for (const h of ['evil.example', `evil.example:${server.port}`, '127.0.0.1:1', `localhost.evil.example:${server.port}`, "x; script-src * 'unsafe-inline'"]) {
      await expectStatus(`foreign Host ${h} page`, 403, 'GET', '/', { host: h });
      await expectStatus(`foreign Host ${h} API`, 403, 'POST', '/api/listJobs', { host: h, ...bearer }, '{}');
      const ws = await upgrade({ host: h }, `?token=${server.token}`);
      check(`foreign Host ${h} socket`, ws === 403, String(ws));
    }
    for (const o of ['http://evil.example', 'null', `http://localhost:${server.port}`, `https://${host}`]) {
      await expectStatus(`foreign Origin ${o} API`, 403, 'POST', '/api/listJobs', { origin: o, ...bearer }, '{}');
      const ws = await upgrade({ origin: o }, `?token=${server.token}`);
      check(`foreign Origin ${o} socket`, ws === 403, String(ws));
    }
    await expectStatus('same-origin API', 200, 'POST', '/api/listJobs', { origin: `http://${host}`, ...bearer }, '{}');
    check('same-origin socket', (await upgrade({ origin: `http://${host}` }, `?token=${server.token}`)) === 101, 'refused');
    check('socket without token', (await upgrade({}, '')) === 401, 'accepted');
    const page = await expectStatus('page', 200, 'GET', '/', {});
    const csp = String(page.headers['content-security-policy'] ?? '');
    check('CSP has no wildcard or unsafe source', !/\*|unsafe/.test(csp) && csp.includes("script-src 'self'"), csp);
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/%00']) {
      const a = await request('GET', p, {});
      check(`static escape ${p}`, a.status === 404 && !a.body.includes('secret'), `${a.status}`);
    }
    await expectStatus('project outside the roots', 403, 'POST', '/api/createProject', bearer, JSON.stringify({ dir: path.join(outside, 'p'), name: 'p' }));
    await expectStatus('project by ..', 403, 'POST', '/api/createProject', bearer, JSON.stringify({ dir: `${allowed}/../serve-outside/p`, name: 'p' }));
    await expectStatus('inspect outside the roots', 403, 'POST', '/api/inspectImportFile', bearer, JSON.stringify({ path: path.join(outside, 'x.csv') }));
    const project = await request('POST', '/api/createProject', bearer, JSON.stringify({ dir: path.join(allowed, 'p.fstudio'), name: 'p' }));
    check('project inside the roots', project.status === 200, String(project.status));
    const dir = JSON.parse(project.body).dir as string;
    for (const kind of ['__proto__', 'constructor', 'toString']) {
      await expectStatus(`startJob kind ${kind}`, 400, 'POST', '/api/startJob', bearer, JSON.stringify({ projectDir: dir, kind, params: {} }));
    }
    await expectStatus('body not JSON', 400, 'POST', '/api/listJobs', bearer, '{oops');
    const large = await request('POST', '/api/listJobs', bearer, JSON.stringify({ x: 'a'.repeat(2 << 20) }));
    check('body too large', large.status === 400 || large.status === 0, String(large.status));
    await expectStatus('GET on a method', 401, 'GET', '/api/listJobs', {});
    await expectStatus('health without token', 200, 'GET', '/api/health', {});
    for (const token of ['', 'short', '   ']) {
      const refused = await startServer({ studio, port: 0, token, rendererDir: null }).then((s) => (void s.close(), false), () => true);
      check(`chosen token "${token}" refused`, refused, 'accepted');
    }
  } finally {
    await server.close();
    await studio.close();
  }
  return figures;
}
