import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../core/project/project';
import { writeFineFoodSlice } from '../core/models/reviews/testing';
import { startFakeLlmServer } from '../core/llm/testing/fake-server';
import { runCli } from './testing';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reviews-cli-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('feature-studio reviews', () => {
  // the first 900 rows of the shipped Fine Food sample (CC0, resources/README.md)
  it('discover --json prints the table of every model, kept features and seconds; eval reads it back; crossval pools K folds; a bad target names the option', { timeout: 180_000 }, async () => {
    const dir = path.join(tmp, 'p.fstudio');
    await (await Project.create(dir, 'p')).close();
    const place = { cwd: tmp, home: path.join(tmp, 'home') };
    const csv = await writeFineFoodSlice(path.join(tmp, 'food.csv'), 0, 900);
    const imported = await runCli(['import', 'corpus', csv, '--project', dir, '--text', 'Text', '--id', 'Id', '--group', 'ProductId', '--name', 'food', '--json'], place);
    expect(imported.code, imported.stderr).toBe(0);
    const corpus = JSON.parse(imported.stdout).id as string;

    const bad = await runCli(['reviews', 'discover', '--project', dir, '--corpus', corpus, '--target', 'Helpfulness', '--json'], place);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--target');

    // an endpoint is configured, but PROMPT features and proposals were not switched on: nothing is asked
    const judge = await startFakeLlmServer(() => ({ content: '7' }));
    await fs.mkdir(place.home, { recursive: true });
    await fs.writeFile(path.join(place.home, 'llm.json'), JSON.stringify({ url: judge.url, model: 'judge' }));
    const run = await runCli(['reviews', 'discover', '--project', dir, '--corpus', corpus, '--target', 'HelpfulnessNumerator/HelpfulnessDenominator', '--rounds', '0', '--no-embedding', '--json'], place);
    await judge.close();
    expect(run.code, run.stderr).toBe(0);
    expect(judge.requests).toHaveLength(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out.models).sort()).toEqual(['allFamilies', 'bagOfWords', 'discovered', 'lengthOnly']);
    for (const m of Object.values(out.models) as Record<string, number>[]) {
      expect(Object.keys(m)).toEqual(expect.arrayContaining(['spearman', 'spearmanLow', 'spearmanHigh', 'mae', 'ndcg10']));
    }
    expect(typeof out.models.discovered.spearmanSelectionSplit).toBe('number');
    expect(out.kept.length).toBeGreaterThan(0);
    expect(out.seconds).toBeGreaterThan(0);

    const again = await runCli(['reviews', 'eval', '--project', dir, '--model', out.model, '--json'], place);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).models).toEqual(out.models);

    // product-grouped K-fold: every model pooled out of fold, and the paired difference from bag of words with its verdict
    const cvArgs = ['reviews', 'crossval', '--project', dir, '--corpus', corpus, '--target', 'HelpfulnessNumerator/HelpfulnessDenominator', '--train-min-votes', '1', '--rounds', '0', '--max-rows', '300', '--no-embedding', '--json'];
    const cv = await runCli([...cvArgs, '--folds', '2'], place);
    expect(cv.code, cv.stderr).toBe(0);
    const cvOut = JSON.parse(cv.stdout);
    expect(Object.keys(cvOut.models).sort()).toEqual(['allFamilies', 'bagOfWords', 'discovered', 'lengthOnly']);
    for (const m of Object.values(cvOut.models) as Record<string, unknown>[]) expect(Object.keys(m)).toEqual(expect.arrayContaining(['spearman', 'spearmanLow', 'spearmanHigh', 'spearmanRaw', 'minusBagOfWords']));
    expect(cvOut.paired).toMatchObject({ a: 'discovered', b: 'bagOfWords' });
    expect(['above', 'contains', 'below']).toContain(cvOut.paired.verdict);
    expect(cvOut.paired.low).toBeLessThanOrEqual(cvOut.paired.high);
    expect(cvOut.perFold).toHaveLength(2);
    expect(cvOut.perFold[0].reviews + cvOut.perFold[1].reviews).toBe(cvOut.reviews);
  });
});
