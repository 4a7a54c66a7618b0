import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { seedExplorerProject } from '../explorer/testing/seedProject';
import { PLANTED_FEATURE, seedTokenProject } from '../explorer/testing/seedTokens';
import { conceptSetFile } from '../concepts/sets';
import { expectJobDone, useTempStudio } from './testing';

const ctx = useTempStudio('fs-concepts-');
const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);

describe('concepts methods', () => {
  // Real review tokens (Amazon Fine Food Reviews, CC0; /work/shared/data/reviews/SOURCES.md) with a
  // ReLU SAE whose feature 0 fires exactly on " great" (explorer/testing/seedTokens.ts).
  it('match a text SAE to WordNet categories on held-out tokens and lay the matches out', async () => {
    const dir = path.join(ctx.tmp, 'text.fstudio');
    const { runId, datasetId, tokens } = await seedTokenProject(dir, { reviews: 60, features: 48 });
    await ctx.studio.openProject({ dir });
    const set = await ctx.studio.createConceptSet({ projectDir: dir, name: 'Adjectives and food', source: { kind: 'wordnet', categories: ['adj.all', 'noun.food'], datasetId } });
    expect(set).toMatchObject({ domain: 'text', source: { kind: 'wordnet', detail: 'adj.all,noun.food', version: expect.stringMatching(/^WordNet 3\.1/) } });
    expect(set.categories).toEqual(['adj.all', 'noun.food']);
    const saved = JSON.parse(await fs.readFile(conceptSetFile(dir, set.id), 'utf8'));
    expect(saved.concepts.find((c: { id: string }) => c.id === 'great')).toMatchObject({ categories: ['adj.all'] });

    const { jobId } = await ctx.studio.startConcepts({ projectDir: dir, runId, setId: set.id });
    await expectJobDone(ctx.studio, jobId);
    const r = (await ctx.studio.getConcepts({ projectDir: dir, runId, setId: set.id }))!;
    // the planted feature fires on " great" and nothing else, so its precision is 1; its recall is the share of
    // the held-out (validation) tokens that read "great" which are " great" (not "great" or "Great")
    const { split } = await ctx.studio.getDataset({ projectDir: dir, datasetId });
    const held = tokens.flat().slice(split.trainRows);
    const recall = held.filter((t) => t === ' great').length / held.filter((t) => t.trim().toLowerCase() === 'great').length;
    expect(recall).toBeGreaterThan(0);
    expect(r.matches.find((m) => m.feature === PLANTED_FEATURE && m.concept === 'great')).toMatchObject({ precision: expect.closeTo(1, 6), recall: expect.closeTo(recall, 6) });
    expect(r.featureCategories[r.features.indexOf(PLANTED_FEATURE)]).toContain('adj.all');
    expect(r.categories.find((c) => c.name === 'adj.all')!.features).toBeGreaterThanOrEqual(1);
    expect(r.umap.x).toHaveLength(r.features.length);
    const covered = new Set(r.ballMapper.nodes.flatMap((n) => n.members));
    expect(covered.size).toBe(r.features.length);
  });

  it('match an Othello SAE to the built-in board set, saving the set in the project with its source', async () => {
    const dir = path.join(ctx.tmp, 'board.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 8, features: 64 });
    await ctx.studio.openProject({ dir });
    const sets = await ctx.studio.listConceptSets({ projectDir: dir });
    expect(sets.map((s) => s.id)).toEqual(['chess-board', 'othello-board']);
    expect(sets[1].categories).toEqual(expect.arrayContaining(['corners', 'edges', 'centre', 'legal moves', 'mine pieces', 'their pieces', 'empty squares', 'last move', 'flipped']));
    const { jobId } = await ctx.studio.startConcepts({ projectDir: dir, runId, setId: 'othello-board', threshold: 0.2, epsilon: 0.5 });
    await expectJobDone(ctx.studio, jobId);
    const saved = JSON.parse(await fs.readFile(conceptSetFile(dir, 'othello-board'), 'utf8'));
    expect(saved.source).toEqual({ kind: 'builtin', detail: 'othello', version: '1' });
    const r = (await ctx.studio.getConcepts({ projectDir: dir, runId, setId: 'othello-board' }))!;
    expect(r).toMatchObject({ domain: 'board', threshold: 0.2, ballMapper: { epsilon: 0.5 } });
    // the seeded dataset is labelled with every Othello family, so only never-positive cells are absent
    expect(r.features.length).toBeGreaterThan(0);
    for (const m of r.matches) expect(m.score).toBeGreaterThanOrEqual(0.2);
  });

  it('refuse a text set on a dataset without tokens and a word,category list with a bad row', async () => {
    const dir = path.join(ctx.tmp, 'bad.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const typed = await ctx.studio.createConceptSet({ projectDir: dir, name: 'Animals', source: { kind: 'typed', text: 'cat,animal\ndog,animal\n' } });
    const { jobId } = await ctx.studio.startConcepts({ projectDir: dir, runId, setId: typed.id });
    const end = await ctx.studio.jobs.whenEnded(jobId);
    expect(end.error?.message).toMatch(/has no token sidecar/);
    const bad = await fail(ctx.studio.createConceptSet({ projectDir: dir, name: 'Broken', source: { kind: 'typed', text: 'cat,animal\ndog\n' } }));
    expect(bad).toMatchObject({ code: 'bad-file', where: 'typed list: row 2' });
    const csv = path.join(ctx.tmp, 'words.csv');
    await fs.writeFile(csv, 'word,category\ncat,animal\n"",animal\n');
    expect(await fail(ctx.studio.createConceptSet({ projectDir: dir, name: 'Csv', source: { kind: 'csv', path: csv } }))).toMatchObject({ code: 'bad-file', where: `${csv}: row 3` });
  });
});
