import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.resolve(__dirname, '../../bin/feature-studio.js');
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

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, FEATURE_STUDIO_HOME: path.join(tmp, 'home') }, cwd: tmp });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('feature-studio CLI', () => {
  it('lists its commands, and refuses unknown commands and bad options with exit 2', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const name of ['serve', 'demo', 'import', 'info', 'call']) expect(help.stdout).toContain(name);
    const unknown = await cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const badRows = await cli(['demo', '--project', path.join(tmp, 'x'), '--rows', 'many']);
    expect(badRows.code).toBe(2);
    expect(badRows.stderr).toMatch(/--rows must be an integer of at least 1/);
    expect(await fs.readdir(tmp)).not.toContain('x');
  });

  it('runs the demo headless, then describes the project', async () => {
    const dir = path.join(tmp, 'demo.fstudio');
    const demo = await cli(['demo', '--project', dir, '--rows', '5000']);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain(`demo project: ${dir}`);
    expect(demo.stderr).toMatch(/Toy dataset.*100%.*5000\/5000 rows/);
    const info = await cli(['info', '--project', dir, '--json']);
    expect(info.code).toBe(0);
    const parsed = JSON.parse(info.stdout);
    expect(parsed.datasets).toHaveLength(1);
    expect(parsed.datasets[0]).toMatchObject({ rows: 5000, dims: 32 });
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
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--root', tmp, '--token', 'test-token-123'], {
      env: { ...process.env, FEATURE_STUDIO_HOME: path.join(tmp, 'home') },
    });
    const url = await new Promise<string>((resolve) => {
      let out = '';
      child.stdout.on('data', (c) => {
        out += c;
        const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=test-token-123/.exec(out);
        if (m) resolve(m[0]);
      });
    });
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/api/listJobKinds`, { method: 'POST' })).status).toBe(401);
    const kinds = await fetch(`${origin}/api/listJobKinds`, { method: 'POST', headers: { authorization: 'Bearer test-token-123' } });
    expect(((await kinds.json()) as Array<{ kind: string }>).map((k) => k.kind)).toEqual(expect.arrayContaining(['import-dataset', 'toy-dataset']));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
