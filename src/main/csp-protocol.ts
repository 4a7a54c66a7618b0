import { protocol } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { contentSecurityPolicy } from '../shared/api/csp';

/**
 * The renderer is loaded from `app://studio/…` rather than `file://`: a standard, secure
 * origin that the IPC sender check can recognise, served with the same CSP as `serve`, and
 * confined to the built renderer folder (as VS Code's `vscode-file://`).
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://studio`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** Must run before `app.whenReady()`. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const root = await fs.realpath(rendererDir);
    const rel = decodeURIComponent(url.pathname);
    const file = await fs.realpath(path.join(root, rel === '/' ? 'index.html' : rel)).catch(() => null);
    if (url.host !== 'studio' || !file || !file.startsWith(root + path.sep)) return new Response('not found', { status: 404 });
    return new Response(await fs.readFile(file), {
      headers: {
        'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
        'content-security-policy': contentSecurityPolicy(),
        'x-content-type-options': 'nosniff',
      },
    });
  });
}
