import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, spawnCli } from './testing';
import { openInBrowser } from './commands/demo';
import { appRoot } from '../core/io/appRoot';
import { listRecent } from '../core/project/recent';
import { parseCsvRecords } from '../core/data/csv';
import { Studio } from '../core/studio';
import { pdfPageCount, pdfText } from '../core/reports/pdfTools';
import { CHESS_EXTRACTION_PGN, readPgnGames } from '../core/games/lm/chess-training';

// A real SAE weight file from ../shared/data/activations (thijmennijdam/Othello-GPT-FeatInterp, MIT; SOURCES.md there).
const SAE_WEIGHTS = path.resolve(
  __dirname,
  '../../../shared/data/activations/othello_gpt_saes_saelens/my-own-othello-model_blocks.3.hook_resid_pre_3_8_0.01_512_102400000_0.0001_0.01/sae_weights.safetensors',
);

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio CLI', () => {
  it('lists its commands, and refuses unknown commands and bad options with exit 2', async () => {
    // processes that refuse before any model runs: started together, since each spends seconds loading the studio
    const [help, unknown, badSize, badGame, badName, layerOfText, layerPastModel] = await Promise.all([
      cli(['--help']),
      cli(['frobnicate']),
      cli(['demo', '--project', path.join(tmp, 'x'), '--size', 'huge']),
      cli(['demo', '--project', path.join(tmp, 'x'), '--game', 'go']),
      cli(['demo', 'golf', '--project', path.join(tmp, 'x')]),
      cli(['demo', 'text', '--project', path.join(tmp, 'x'), '--layer', '1']),
      cli(['demo', '--project', path.join(tmp, 'layer-past-model'), '--layer', '4']),
    ]);
    expect(help.code).toBe(0);
    for (const name of ['serve', 'demo', 'import', 'info', 'call']) expect(help.stdout).toContain(name);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    expect(badSize.code).toBe(2);
    expect(badSize.stderr).toMatch(/--size must be one of tiny, small, got "huge"/);
    expect(badGame.code).toBe(2);
    expect(badGame.stderr).toMatch(/--game must be othello or chess, got "go"/);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toMatch(/no demo "golf"; the demos are othello, chess/);
    expect(layerOfText.code).toBe(2);
    expect(layerOfText.stderr).toMatch(/--layer is for the board demos \(othello, chess\), not "text"/);
    // the shipped Othello model has blocks 0–3
    expect(layerPastModel.code).toBe(2);
    expect(layerPastModel.stderr).toMatch(/error: the model has layers 0–3, got layer 4 \(--layer\)/);
    expect(await fs.readdir(tmp)).not.toContain('x');
  });

  it("names the demo's project relative to the studio's folder, where `npm run serve` runs, when it lies inside it", () => {
    expect(openInBrowser(path.join(appRoot(), 'demo.fstudio'), 'Compare')).toMatch(/^see it in the app: npm run serve -- --project demo\.fstudio {3}\(then Compare in the side bar/);
    expect(openInBrowser('/elsewhere/x.fstudio', 'Reward model', '/studio')).toContain('--project /elsewhere/x.fstudio ');
    expect(openInBrowser('/studio-other/x.fstudio', 'Reward model', '/studio')).toContain('--project /studio-other/x.fstudio ');
  });

  // The whole main job at its CI size: about a minute on 2 idle cores.
  it('runs the tiny demo headless: a project with its dataset, runs, and a report that reads back', { timeout: 600_000 }, async () => {
    const dir = path.join(tmp, 'demo.fstudio');
    const demo = await cli(['demo', '--project', dir, '--size', 'tiny']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain(`demo project: ${dir}`);
    // the way on to the app: the closing line, and the studio's home lists the project
    expect(demo.stdout).toContain(`see it in the app: npm run serve -- --project ${dir}   (then Compare in the side bar`);
    expect(await listRecent(path.join(tmp, 'home'))).toEqual([expect.objectContaining({ dir, name: 'Feature Studio Othello benchmark demo' })]);
    for (const stage of ['Othello games', 'Transcript model', 'Residual activations', 'SAE sweep', 'Evaluation', 'Report']) {
      expect(demo.stderr).toMatch(new RegExp(`\\] ${stage} \\[#+\\]\\s+100%`));
    }

    const [header, ...rows] = parseCsvRecords(await fs.readFile(path.join(dir, 'reports', 'demo.csv'), 'utf8'));
    expect(header.slice(0, 8)).toEqual(['run', 'kind', 'arch', 'width', 'l0', 'fvu', 'coverage', 'boardReconstruction']);
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(rows.map((r) => col(r, 'arch')).sort()).toEqual(['atm', 'batchtopk', 'gated', 'jumprelu', 'l1', 'l1', 'neurons', 'panneal', 'panneal', 'random', 'relu', 'relu', 'relu', 'relu', 'topk', 'topk', 'topk']);
    expect(rows.filter((r) => col(r, 'kind') === 'baseline').map((r) => col(r, 'run'))).toEqual(['random', 'neurons', 'random-weights model']);
    // the control is the middle ReLU-L1 setting, trained the same way on the untrained model's activations
    const control = rows.find((r) => col(r, 'run') === 'random-weights model')!;
    expect(JSON.parse(col(control, 'config')).sae).toMatch(/^relu-l1 λ=[\d.]+ on the random-weights model$/);
    for (const row of rows) {
      expect(Number(col(row, 'l0'))).toBeGreaterThan(0);
      // the paper's Othello denominator counts 192 cells of which 128 can be positive (§1.4)
      expect(Number(col(row, 'coverage'))).toBeGreaterThan(0);
      expect(Number(col(row, 'coveragePositive'))).toBeCloseTo(1.5 * Number(col(row, 'coverage')), 9);
      expect(Number(col(row, 'coveragePositive'))).toBeLessThanOrEqual(1);
      for (const name of ['coverageAboveChance', 'boardReconstruction']) expect(Number(col(row, name))).toBeLessThanOrEqual(1);
      expect(Number(col(row, 'coverageAboveChance'))).toBeLessThanOrEqual(Number(col(row, 'coveragePositive')));
    }
    // The identity basis reconstructs exactly; TopK holds exactly k features per row.
    const neurons = rows.find((r) => col(r, 'run') === 'neurons')!;
    expect(Number(col(neurons, 'fvu'))).toBe(0);
    const topk = rows.find((r) => col(r, 'arch') === 'topk' && col(r, 'whitening') === 'none')!;
    expect(Number(col(topk, 'l0'))).toBe(JSON.parse(col(topk, 'config')).k);
    // benchmark columns of every SAE: spliced into the model, probed on board tasks
    for (const row of rows.filter((r) => col(r, 'kind') === 'sae')) {
      expect(Number(col(row, 'ceLossRecovered'))).toBeLessThanOrEqual(1);
      expect(Number(col(row, 'klDiv'))).toBeGreaterThan(0);
      for (const k of ['K1', 'K5']) expect(Number(col(row, `sparseProbing${k}`))).toBeGreaterThanOrEqual(0.3);
    }

    // plain L1 against p-annealing at matched L0: at a run's own L0 its value is the run's, unchanged.
    const [mHeader, ...mRows] = parseCsvRecords(await fs.readFile(path.join(dir, 'reports', 'demo-matched-l0.csv'), 'utf8'));
    expect(mHeader).toEqual(['l0', 'coverage_l1', 'coverage_panneal', 'coverageAboveChance_l1', 'coverageAboveChance_panneal', 'boardReconstruction_l1', 'boardReconstruction_panneal']);
    const compared = (arch: string) => rows.filter((r) => col(r, 'kind') === 'sae' && col(r, 'arch') === arch && col(r, 'whitening') === 'none');
    const l0s = (arch: string) => compared(arch).map((r) => Number(col(r, 'l0')));
    const overlap = [Math.max(Math.min(...l0s('l1')), Math.min(...l0s('panneal'))), Math.min(Math.max(...l0s('l1')), Math.max(...l0s('panneal')))];
    expect(mRows.length).toBe([...l0s('l1'), ...l0s('panneal')].filter((l0) => l0 >= overlap[0] && l0 <= overlap[1]).length);
    for (const m of mRows) {
      for (const arch of ['l1', 'panneal']) {
        const own = compared(arch).find((r) => col(r, 'l0') === m[0]);
        if (own) for (const metric of ['coverage', 'coverageAboveChance', 'boardReconstruction']) expect(m[mHeader.indexOf(`${metric}_${arch}`)]).toBe(col(own, metric));
      }
    }

    const pdf = path.join(dir, 'reports', 'demo.pdf');
    const bytes = await fs.readFile(pdf);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const pages = await pdfPageCount(pdf);
    if (pages !== null) expect(pages).toBeGreaterThanOrEqual(2); // null: pdfinfo (poppler-utils) is not installed
    const text = await pdfText(pdf);
    if (text !== null) {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('p-annealing against standard L1 at matched L0');
      const random = rows.find((r) => col(r, 'run') === 'random')!;
      expect(flat).toContain(`random ${Number(col(random, 'coverageAboveChance')).toFixed(3)}`);
    }

    const info = await cli(['info', '--project', dir, '--json']);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed.datasets).toHaveLength(2);
    expect(parsed.datasets[1].name).toContain('random-weights model');
    expect(parsed.datasets[0].rows).toBeGreaterThan(10_000);
    expect(parsed.project.manifest.runs).toHaveLength(15);
    expect(parsed.project.manifest.reports.map((r: { id: string }) => r.id)).toEqual(['demo']);
    // The runs are in the app's run-folder format, evaluated, and read back through the API.
    const studio = new Studio({ home: path.join(tmp, 'home') });
    try {
      await studio.openProject({ dir });
      const runs = await studio.listRuns({ projectDir: dir });
      expect(runs.map((r) => r.arch).sort()).toEqual(['atm', 'batchtopk', 'gated', 'jumprelu', 'l1', 'l1', 'panneal', 'panneal', 'relu', 'relu', 'relu', 'relu', 'topk', 'topk', 'topk']);
      expect(runs.every((r) => r.evaluated)).toBe(true);
      expect(runs.filter((r) => r.datasetId === parsed.datasets[1].id).map((r) => r.name)).toEqual([JSON.parse(col(control, 'config')).sae]);
    } finally {
      await studio.close();
    }
  });

  // The same job on chess: the shipped chess model on the bundled Capablanca games (../shared/data/chess/masters_Capablanca.pgn).
  it('runs the tiny chess demo: the bundled games through the shipped chess model, scored on its headline family', { timeout: 600_000 }, async () => {
    const dir = path.join(tmp, 'chess.fstudio');
    const demo = await cli(['demo', '--project', dir, '--size', 'tiny', '--game', 'chess']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr).toMatch(/\] Chess games: 400 games/);
    expect(demo.stderr).toMatch(/\] Transcript model: shipped model, layer 3/);

    const [header, ...rows] = parseCsvRecords(await fs.readFile(path.join(dir, 'reports', 'demo-chess.csv'), 'utf8'));
    const col = (row: string[], name: string) => row[header.indexOf(name)];
    expect(rows.map((r) => col(r, 'arch')).sort()).toEqual(['atm', 'batchtopk', 'gated', 'jumprelu', 'l1', 'l1', 'neurons', 'panneal', 'panneal', 'random', 'relu', 'relu', 'relu', 'relu', 'topk', 'topk', 'topk']);
    expect(Number(col(rows.find((r) => col(r, 'run') === 'neurons')!, 'fvu'))).toBe(0);
    for (const row of rows) {
      // cells that never occur count in the paper's denominator only, so its coverage is the lower one
      expect(Number(col(row, 'coverage'))).toBeGreaterThan(0);
      expect(Number(col(row, 'coverage'))).toBeLessThan(Number(col(row, 'coveragePositive')));
      expect(Number(col(row, 'boardReconstruction'))).toBeLessThanOrEqual(1);
    }
    // the matched-L0 table's content is checked on the Othello demo above; here, that chess writes the same table
    const [chessMatchedHeader] = parseCsvRecords(await fs.readFile(path.join(dir, 'reports', 'demo-chess-matched-l0.csv'), 'utf8'));
    expect(chessMatchedHeader).toEqual(['l0', 'coverage_l1', 'coverage_panneal', 'coverageAboveChance_l1', 'coverageAboveChance_panneal', 'boardReconstruction_l1', 'boardReconstruction_panneal']);

    // the positions are the PGN's first games, in order, with chess board labels
    const datasets = await fs.readdir(path.join(dir, 'datasets'));
    expect(datasets).toHaveLength(2);
    const main = datasets.find((d) => !d.includes('random-weights'))!;
    const meta = JSON.parse(await fs.readFile(path.join(dir, 'datasets', main, 'meta.json'), 'utf8'));
    expect(meta).toMatchObject({ game: 'chess', dims: 128 });
    const lines = (await fs.readFile(path.join(dir, 'datasets', main, 'games.txt'), 'utf8')).trimEnd().split('\n');
    const { games } = await readPgnGames(CHESS_EXTRACTION_PGN, { maxPlies: 40 });
    expect(lines).toHaveLength(400);
    expect(lines[0]).toBe(games[0].sans.join(' '));
    expect(lines[399]).toBe(games[399].sans.join(' '));

    const text = await pdfText(path.join(dir, 'reports', 'demo-chess.pdf'));
    if (text !== null) {
      const flat = text.replace(/\s+/g, ' ');
      expect(flat).toContain('Chess SAE benchmark');
      expect(flat).toContain('piece_masked_blank_and_initial_state');
      expect(flat).toContain('legal moves at move starts');
    }
  });

  it('imports a real tensor and reports a broken project with its file and exit 1', async () => {
    const dir = path.join(tmp, 'imp.fstudio');
    expect((await cli(['call', 'createProject', JSON.stringify({ dir, name: 'imp' })])).code).toBe(0);
    const imported = await cli(['import', SAE_WEIGHTS, '--project', dir, '--tensor', 'W_dec', '--json']);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 1024, dims: 128, source: { tensor: 'W_dec' } });

    await fs.writeFile(path.join(dir, 'studio.json'), '{"schemaVersion": 1, "na');
    const broken = await cli(['info', '--project', dir, '--json']);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain(path.join(dir, 'studio.json'));
    expect(JSON.parse(broken.stdout).error).toMatchObject({ code: 'bad-file', where: path.join(dir, 'studio.json') });
  });

  it('serve prints its URL with the token, answers, and stops on SIGTERM', async () => {
    const child = spawnCli(['serve', '--port', '0', '--root', tmp, '--token', 'test-token-123-abcdef'], { cwd: tmp, home: path.join(tmp, 'home') });
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=test-token-123-abcdef/.exec(out);
        if (m) resolve(m[0]);
      });
    });
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/api/listJobKinds`, { method: 'POST' })).status).toBe(401);
    const kinds = await fetch(`${origin}/api/listJobKinds`, { method: 'POST', headers: { authorization: 'Bearer test-token-123-abcdef' } });
    expect(((await kinds.json()) as Array<{ kind: string }>).map((k) => k.kind)).toEqual(expect.arrayContaining(['import-dataset', 'toy-dataset']));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
