import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ServerResponse } from 'node:http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
};

/**
 * Serves the built renderer (`out/renderer`). A request maps to a file only if its real path
 * stays inside the folder; unknown paths without an extension get index.html (client routes).
 */
export async function serveStatic(rootDir: string | null, pathname: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  if (!rootDir) return notFound(res, 'the renderer is not built here: run `npm run build` first');
  const root = await fs.realpath(rootDir).catch(() => null);
  if (!root) return notFound(res, `the renderer is not built (${rootDir} is missing): run \`npm run build\` first`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return notFound(res, 'bad path');
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..')) return notFound(res, 'not found');
  let file = await fs.realpath(path.join(root, decoded)).catch(() => null);
  if (file && (await fs.stat(file)).isDirectory()) file = await fs.realpath(path.join(file, 'index.html')).catch(() => null);
  if (!file && path.extname(decoded) === '') file = await fs.realpath(path.join(root, 'index.html')).catch(() => null);
  if (!file || !(file === root || file.startsWith(root + path.sep))) return notFound(res, 'not found');
  const body = await fs.readFile(file);
  const isHtml = path.extname(file) === '.html';
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': isHtml ? 'no-store' : 'no-cache',
  });
  res.end(body);
}

function notFound(res: ServerResponse, message: string): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}
