import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Project } from '../core/project/project';
import { runCli } from './testing';

// The shipped sample (resources/README.md: Amazon Fine Food Reviews, first 5,003, CC0), gzipped.
const SHIPPED = path.resolve(__dirname, '../../resources/corpora/amazon-fine-food-reviews-5k.csv.gz');

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-corpus-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});
const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });

describe('feature-studio import corpus', () => {
  it('imports the shipped reviews and prints the corpus id and row count with --json', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await (await Project.create(dir, 'p')).close();
    const out = await cli(['import', 'corpus', SHIPPED, '--project', dir, '--text', 'Text', '--id', 'Id', '--group', 'ProductId', '--columns', 'Score,Summary', '--json']);
    expect(out.stderr).toBe('');
    const printed = JSON.parse(out.stdout);
    expect(printed).toMatchObject({ rowCount: 5003, corpus: { columns: ['Score', 'Summary', 'ProductId'], splits: { by: 'ProductId' } } });
    expect(printed.id).toMatch(/^amazon-fine-food-reviews-5k-[0-9a-f]{6}$/);
    const rows = (await fs.readFile(path.join(dir, 'corpora', printed.id, 'rows.jsonl'), 'utf8')).trim().split('\n');
    expect(rows).toHaveLength(5003);
  }, 60_000);

  it('names a missing text column and writes nothing', async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await (await Project.create(dir, 'p')).close();
    const csv = path.join(tmp, 'x.csv');
    await fs.writeFile(csv, 'id,body\n1,hello\n');
    const out = await cli(['import', 'corpus', csv, '--project', dir, '--text', 'text']);
    expect(out.code).not.toBe(0);
    expect(out.stderr).toMatch(/text column "text" is not in the file \(columns: id, body\)/);
    expect(await fs.readdir(path.join(dir, 'corpora'))).toEqual([]);
  });
});
