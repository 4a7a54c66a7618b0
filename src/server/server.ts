import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { API_PREFIX, EVENTS_PATH, HEALTH_PATH, statusForCode } from '../shared/api/http-wire';
import { contentSecurityPolicy } from '../shared/api/csp';
import { StudioError } from '../shared/errors';
import type { Studio } from '../core/studio';
import { newToken, presentedToken, tokenMatches } from './auth';
import { checkChosenToken, RequestGate } from './origin';
import { serveStatic } from './static-files';

export interface ServeOptions {
  studio: Studio;
  /** default 127.0.0.1: only this machine can connect unless the analyst says otherwise */
  host?: string;
  /** 0 picks a free port */
  port?: number;
  /** default: a fresh random token per launch */
  token?: string;
  /** the built renderer; null serves the API only */
  rendererDir?: string | null;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Request bodies above this are refused: arguments are small JSON objects. */
const MAX_BODY_BYTES = 1 << 20;

/**
 * `feature-studio serve`: the StudioApi over HTTP (`POST /api/<method>`) and a WebSocket of
 * events, beside the built renderer (`shared/api/http-wire.ts` is the wire protocol). Every
 * `/api/*` request but `GET /api/health` must carry the launch token; without it the answer
 * is 401 before any routing.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const { studio } = options;
  const host = options.host ?? '127.0.0.1';
  if (options.token !== undefined) checkChosenToken(options.token);
  const token = options.token ?? newToken();
  // Known once listening (port 0 picks one); every request waits behind `listen`.
  let gate: RequestGate | null = null;
  const sockets = new Set<WebSocket>();
  const wss = new WebSocketServer({ noServer: true });

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((err) => sendError(res, StudioError.from(err)));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    gate!.check(req, req.method !== 'GET' && req.method !== 'HEAD');
    if (url.pathname === HEALTH_PATH && req.method === 'GET') return sendJson(res, 200, await studio.call('health', {}));
    if (url.pathname === '/api' || url.pathname.startsWith(API_PREFIX)) {
      if (!tokenMatches(presentedToken(req, url), token)) throw new StudioError('unauthorized', 'missing or wrong token: use the URL printed by `feature-studio serve`', 'token');
      if (req.method !== 'POST') throw new StudioError('bad-input', `${req.method} is not allowed here; methods are called with POST`, url.pathname);
      const name = url.pathname.slice(API_PREFIX.length);
      return sendJson(res, 200, await studio.call(name, await readJsonBody(req)));
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new StudioError('bad-input', `${req.method} is not allowed here`, url.pathname);
    await serveStatic(options.rendererDir ?? null, url.pathname, res, securityHeaders(gate!.socketOrigins));
  }

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      gate!.check(req, true);
    } catch {
      socket.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    if (url.pathname !== EVENTS_PATH || !tokenMatches(presentedToken(req, url), token)) {
      socket.end(`HTTP/1.1 ${url.pathname === EVENTS_PATH ? '401 Unauthorized' : '404 Not Found'}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
    });
  });

  const stopEvents = studio.onAny((message) => {
    const frame = JSON.stringify(message);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  gate = new RequestGate(host, port);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      stopEvents();
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function securityHeaders(connect: readonly string[]): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(connect),
    'x-content-type-options': 'nosniff',
    // The page URL carries the token: never send it on as a Referer.
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, err: StudioError): void {
  if (res.headersSent) return void res.destroy();
  sendJson(res, statusForCode[err.code] ?? 500, { error: err.toJSON() });
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new StudioError('bad-input', `request body over ${MAX_BODY_BYTES} bytes`, 'body');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new StudioError('bad-input', 'the request body is not JSON', 'body');
  }
}
