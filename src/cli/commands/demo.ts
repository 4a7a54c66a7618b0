import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { DEMO_SIZES, type DemoSize } from '../../core/demo';
import { numberOption } from '../args';
import { str, type CliCommand } from '../command';
import { demos } from '../demos';
import { appRoot } from '../../core/io/appRoot';
import { readManifest } from '../../core/project/manifest';
import { studioHome } from '../../core/project/home';
import { rememberRecent } from '../../core/project/recent';

/**
 * `feature-studio demo [NAME]`: a workspace's main job headless into a project folder, from the
 * demo registry (src/cli/demos). NAME defaults to othello; `--game othello|chess` is kept as an
 * alias of the board demos' names.
 */
export const demoCommand: CliCommand = {
  summary: 'Run a workspace\'s main job headless (default: Othello games → model → activations → SAE sweep → evaluation → report)',
  usage: `feature-studio demo [${Object.keys(demos).join('|')}] [--project DIR] [--size tiny|small] [--seed N] [--layer L]   (default: othello, size small; --layer: the board demos' residual layer, default the one the shipped model's board probe reads best; --game othello|chess and --text are aliases)`,
  options: { project: { type: 'string', short: 'p' }, size: { type: 'string' }, game: { type: 'string' }, seed: { type: 'string' }, layer: { type: 'string' }, text: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals, json }) {
    const size = (str(values.size) ?? 'small') as DemoSize;
    if (!DEMO_SIZES.includes(size)) throw new StudioError('bad-input', `--size must be one of ${DEMO_SIZES.join(', ')}, got "${size}"`, '--size');
    const game = str(values.game);
    if (game !== undefined && game !== 'othello' && game !== 'chess') throw new StudioError('bad-input', `--game must be othello or chess, got "${game}"`, '--game');
    if (positionals.length > 1) throw new StudioError('bad-input', `demo takes one name, got ${positionals.join(' ')}`, 'demo');
    const name = positionals[0] ?? (values.text === true ? 'text' : undefined) ?? game ?? 'othello';
    if (game !== undefined && positionals[0] !== undefined && positionals[0] !== game) throw new StudioError('bad-input', `--game ${game} and demo ${positionals[0]} disagree`, '--game');
    const entry = Object.hasOwn(demos, name) ? demos[name] : undefined;
    if (!entry) throw new StudioError('bad-input', `no demo "${name}"; the demos are ${Object.keys(demos).join(', ')}`, 'demo');
    const seed = numberOption(values, 'seed') ?? 1;
    const layer = numberOption(values, 'layer');
    if (layer !== undefined && name !== 'othello' && name !== 'chess') throw new StudioError('bad-input', `--layer is for the board demos (othello, chess), not "${name}"`, '--layer');
    const projectDir = path.resolve(str(values.project) ?? entry.defaultProject);
    const controller = new AbortController();
    const onSigint = () => controller.abort();
    process.once('SIGINT', onSigint);
    try {
      const output = await entry.run({ projectDir, size, seed, layer, json, signal: controller.signal });
      await rememberRecent(studioHome(), { dir: projectDir, name: await projectName(projectDir), openedAt: new Date().toISOString() });
      return { ...output, text: `${output.text}\n\n${openInBrowser(projectDir, entry.screen)}` };
    } finally {
      process.off('SIGINT', onSigint);
    }
  },
};

const projectName = async (dir: string) => (await readManifest(dir).catch(() => null))?.manifest.name ?? path.basename(dir);

/**
 * The closing line: how to see the result in the app. The demo's project joins the recent list
 * (above), so the studio's home lists it too; `npm run` runs in the studio's folder, so the
 * folder is named relative to it when it lies inside it.
 */
export function openInBrowser(projectDir: string, screen: string, root = appRoot()): string {
  const rel = path.relative(root, projectDir);
  const shown = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : projectDir;
  return `see it in the app: npm run serve -- --project ${shown}   (then ${screen} in the side bar; the studio's home lists this project under Recent projects)`;
}
