import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioError } from '../../shared/errors';
import { writeNpy } from '../data/npy';
import { expectJobDone, useTempStudio } from '../studio/testing';
import { listFeaturesReady } from './testing/listReady';
import { PLANTED_ACTIVATION, PLANTED_FEATURE, PLANTED_WORD, seedTokenProject } from './testing/seedTokens';
import { TOKENS_AFTER, TOKENS_BEFORE } from './tokens';

const ctx = useTempStudio('fs-token-examples-');

describe('token-sequence examples', () => {
  it('show each top example as its context with the activating token and the activation on every token', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    // 40 real reviews, up to 48 tokens each (seedTokens.ts)
    const { runId, tokens } = await seedTokenProject(dir, { reviews: 40, features: 64 });
    await ctx.studio.openProject({ dir });
    const { table } = await listFeaturesReady(ctx.studio, { projectDir: dir, runId });
    const rows = tokens.flat();
    expect(table).toMatchObject({ hasTokens: true, hasBoards: false, rows: rows.length });
    const occurrences = rows.filter((t) => t === PLANTED_WORD).length;
    expect(occurrences).toBeGreaterThan(2);
    // the planted feature fires exactly on its word
    expect(table.frequency[PLANTED_FEATURE]).toBeCloseTo(occurrences / rows.length, 12);

    const page = await ctx.studio.getFeature({ projectDir: dir, runId, feature: PLANTED_FEATURE, examples: 64 });
    expect(page.examples).toHaveLength(occurrences);
    for (const ex of page.examples) {
      const t = ex.tokens!;
      expect(ex.board).toBeNull();
      expect(t.tokens[t.at]).toBe(PLANTED_WORD);
      expect(tokens[t.sequence][t.position]).toBe(PLANTED_WORD);
      // the window: up to 12 tokens before, 4 after, cut at the sequence's ends
      expect(t.tokens).toEqual(tokens[t.sequence].slice(Math.max(0, t.position - TOKENS_BEFORE), t.position + TOKENS_AFTER + 1));
      // e·e − 0.9 with a unit embedding e, in float32
      expect(ex.activation).toBeCloseTo(PLANTED_ACTIVATION, 5);
      t.activations.forEach((a, i) => expect(a).toBeCloseTo(t.tokens[i] === PLANTED_WORD ? ex.activation : 0, 6));
    }
  });

  it('come in with an import through the API and its job, and an unfitting sidecar names the file', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    await ctx.studio.createProject({ dir, name: 'Import' });
    const npy = path.join(ctx.tmp, 'acts.npy');
    await writeNpy(npy, new Float32Array(4 * 2).fill(1), [4, 2]);
    const good = path.join(ctx.tmp, 'good.json');
    await fs.writeFile(good, JSON.stringify({ sequences: [['a', 'b', 'c', 'd']] }));
    const job = await expectJobDone(ctx.studio, (await ctx.studio.importDataset({ projectDir: dir, path: npy, tokens: good })).jobId);
    expect((job.result as { labels: unknown[] }).labels).toEqual([{ name: 'tokens', file: 'tokens.json' }]);
    const bad = path.join(ctx.tmp, 'bad.json');
    await fs.writeFile(bad, JSON.stringify({ sequences: [['a', 'b']] }));
    const end = await ctx.studio.jobs.whenEnded((await ctx.studio.importDataset({ projectDir: dir, path: npy, tokens: bad, name: 'second' })).jobId);
    expect(end.state).toBe('error');
    expect(end.error).toMatchObject({ code: 'shape', where: bad } satisfies Partial<StudioError>);
    expect((await ctx.studio.listDatasets({ projectDir: dir })).map((d) => d.name)).toEqual(['acts']);
  });
});
