import path from 'node:path';
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Studio } from '../../core/studio';
import { PathPolicy } from '../../core/studio/paths';
import { MANIFEST_FILE } from '../../core/project/layout';
import { startServer } from '../../server/server';
import { numberOption } from '../args';
import { str, type CliCommand } from '../command';

const RENDERER_DIR = fileURLToPath(new URL('../../../out/renderer', import.meta.url));
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const serveCommand: CliCommand = {
  summary: 'Serve the studio to a browser at http://127.0.0.1:PORT/?token=…',
  usage: [
    'feature-studio serve [--port N] [--host H] [--project DIR] [--root DIR]... [--token T]',
    '',
    'Clients may only create, open and import from paths inside the allowed roots: each --root,',
    "the --project folder's parent, or the current folder when neither is given.",
  ].join('\n'),
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    project: { type: 'string', short: 'p' },
    root: { type: 'string', multiple: true },
    token: { type: 'string' },
  },
  async run({ values }) {
    const host = str(values.host) ?? '127.0.0.1';
    const projectDir = str(values.project) && path.resolve(str(values.project)!);
    const roots = [...((values.root as string[] | undefined) ?? []), ...(projectDir ? [path.dirname(projectDir)] : [])];
    const studio = new Studio({ policy: await PathPolicy.create(roots.length ? roots : [process.cwd()]) });
    let opened: string | null = null;
    if (projectDir) {
      const exists = await fs.access(path.join(projectDir, MANIFEST_FILE)).then(() => true, () => false);
      const project = exists
        ? await studio.openProject({ dir: projectDir })
        : await studio.createProject({ dir: projectDir, name: path.basename(projectDir).replace(/\.fstudio$/, '') });
      opened = project.dir;
    }
    const server = await startServer({ studio, host, port: numberOption(values, 'port') ?? 0, token: str(values.token), rendererDir: RENDERER_DIR });
    if (!LOOPBACK.has(host)) process.stderr.write(`warning: listening on ${host}; anyone who can reach it and has the token controls this studio\n`);
    // with --project the printed address opens that project's Overview, side bar and all
    const url = opened ? `${server.url}#/project/${encodeURIComponent(opened)}/overview` : server.url;
    process.stdout.write(`Feature Studio is serving at ${url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    await studio.close();
    return { result: { url }, text: 'stopped' };
  },
};
