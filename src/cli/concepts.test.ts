import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedTokenProject } from '../core/explorer/testing/seedTokens';
import { runCli } from './testing';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-cli-concepts-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('feature-studio concepts on text', () => {
  // real review tokens (Amazon Fine Food Reviews, CC0; ../shared/data/reviews/SOURCES.md) and a ReLU SAE whose
  // feature 0 fires exactly on " great" (core/explorer/testing/seedTokens.ts)
  it('saves a WordNet set of the dataset\'s words, matches it and prints the JSON; a word,category CSV works the same way', { timeout: 120_000 }, async () => {
    const dir = path.join(tmp, 't.fstudio');
    const { runId } = await seedTokenProject(dir, { reviews: 60, features: 48 });
    const place = { cwd: tmp, home: path.join(tmp, 'home') };
    const out = await runCli(['concepts', '--project', dir, '--run', runId, '--wordnet', 'adj.all,noun.food', '--json'], place);
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout);
    expect(json.matched).toBeGreaterThanOrEqual(1);
    expect(json.categories['adj.all']).toBeGreaterThanOrEqual(1);
    expect(json).toMatchObject({ umap: { points: json.matched }, ballMapper: { epsilon: expect.any(Number) } });

    const csv = path.join(tmp, 'words.csv');
    await fs.writeFile(csv, 'word,category\ngreat,praise\ngood,praise\ncoffee,drink\n');
    const words = await runCli(['concepts', '--project', dir, '--run', runId, '--words', csv, '--json'], place);
    expect(words.code, words.stderr).toBe(0);
    expect(JSON.parse(words.stdout).categories.praise).toBeGreaterThanOrEqual(1);

  });
});
