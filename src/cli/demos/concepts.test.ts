import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConceptSet } from '../../shared/schemas/concepts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../testing';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-demo-concepts-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('feature-studio demo concepts', () => {
  it('trains a tiny Othello SAE, matches the board concepts and prints the issue\'s JSON; the CLI reads the same result', { timeout: 300_000 }, async () => {
    const place = { cwd: tmp, home: path.join(tmp, 'home') };
    const dir = path.join(tmp, 'c.fstudio');
    const demo = await runCli(['demo', 'concepts', '--size', 'tiny', '--project', dir, '--json'], place);
    expect(demo.code, demo.stderr).toBe(0);
    const out = JSON.parse(demo.stdout);
    expect(out).toMatchObject({ matched: expect.any(Number), umap: { points: out.matched }, ballMapper: { epsilon: expect.any(Number), nodes: expect.any(Number), edges: expect.any(Number) }, seconds: expect.any(Number) });
    expect(Object.keys(out.categories)).toEqual(expect.arrayContaining(['corners', 'legal moves', 'last move', 'flipped']));
    // the built-in set is saved with its source; Othello's has one concept per property cell (384)
    const saved = ConceptSet.parse(JSON.parse(await fs.readFile(path.join(dir, 'concepts', 'othello-board.json'), 'utf8')));
    expect(saved).toMatchObject({ id: 'othello-board', domain: 'board' });
    expect(saved.concepts).toHaveLength(384);

    const again = await runCli(['concepts', '--project', dir, '--run', out.runId, '--set', 'othello-board', '--epsilon', '0.3', '--json'], place);
    expect(again.code, again.stderr).toBe(0);
    const cli = JSON.parse(again.stdout);
    expect(cli).toMatchObject({ matched: out.matched, categories: out.categories, ballMapper: { epsilon: 0.3 } });
    const bad = await runCli(['concepts', '--project', dir, '--run', out.runId, '--set', 'nope'], place);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/no concept set "nope"/);
  });
});
