import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { parseCsvRecords } from '../data/csv';
import { pdfFirstPageInk, pdfPageCount, pdfText } from '../reports/pdfTools';
import { seedExplorerProject } from '../explorer/testing/seedProject';
import { expectJobDone, useTempStudio } from './testing';

const ctx = useTempStudio('fs-reports-');
const finished = (jobId: string) => expectJobDone(ctx.studio, jobId);

describe('reports from the app', () => {
  it('exports a trained run as a PDF and CSV in reports/ and lists the report', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    // 24 games: the validation rows span three, enough for the held-out board metrics
    const { datasetId } = await seedExplorerProject(dir, { games: 24, features: 32 });
    await ctx.studio.openProject({ dir });
    const { jobId } = await ctx.studio.trainSae({ projectDir: dir, datasetId, name: 'Tiny', configs: [{ arch: 'topk', width: 32, steps: 100, batchSize: 64, logEvery: 10, archConfig: { k: 4 } }] });
    await finished(jobId);
    const run = (await ctx.studio.listRuns({ projectDir: dir })).find((r) => r.origin === 'trained')!;

    const preview = await ctx.studio.previewReport({ projectDir: dir, runIds: [run.id], sections: ['summary', 'pareto', 'coverage', 'runTable'] });
    expect(preview.records).toHaveLength(1);
    expect(preview.records[0]).toMatchObject({ run: 'Tiny', arch: 'topk', width: 32 });
    expect(preview.family).toBe('mine_yours_blank_mask');

    const out = await ctx.studio.exportReport({ projectDir: dir, runIds: [run.id], sections: ['summary', 'pareto', 'coverage', 'runTable'], title: 'Tiny study' });
    expect(path.dirname(out.pdf)).toBe(path.join(await fs.realpath(dir), 'reports'));
    const csv = (await fs.readFile(out.csv, 'utf8')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(2);
    expect(csv[0].split(',').slice(0, 8)).toEqual(['run', 'kind', 'arch', 'width', 'l0', 'fvu', 'coverage', 'boardReconstruction']);
    // the CSV carries the same figures the preview computed, at full precision
    expect(Number(csv[1].split(',')[4])).toBe(out.report.records[0].l0);
    expect((await fs.readFile(out.pdf)).subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPageCount(out.pdf);
    if (pages !== null) expect(pages).toBeGreaterThanOrEqual(1);
    const text = await pdfText(out.pdf);
    if (text !== null) expect(text).toContain('Tiny study');
    const ink = await pdfFirstPageInk(out.pdf);
    if (ink !== null) expect(ink).toBeGreaterThan(0.01);
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports.map((r) => r.id)).toEqual([out.reportId]);
  });

  it('names the run that is missing or cannot fill a section', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);
    expect(await fail(ctx.studio.exportReport({ projectDir: dir, runIds: ['nope'], sections: ['summary'] }))).toMatchObject({ code: 'not-found', where: 'runIds[0]' });
    // two games: the held-out rows span one, too few for the board metrics the coverage section draws
    expect(await fail(ctx.studio.exportReport({ projectDir: dir, runIds: [runId], sections: ['coverage'] }))).toMatchObject({ code: 'bad-input', message: expect.stringMatching(/"TopK random" has no board scores \(the held-out rows span 1 game/) });
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports).toEqual([]);
  });

  it('draws chosen features as cards from the explorer’s feature pages, with their own CSV', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 6, features: 24 });
    await ctx.studio.openProject({ dir });
    // the feature statistics are computed by a job the first time they are asked for
    const first = await ctx.studio.listFeatures({ projectDir: dir, runId });
    if (first.status === 'computing') await finished(first.jobId);
    const listing = await ctx.studio.listFeatures({ projectDir: dir, runId });
    if (listing.status !== 'ready') throw new Error(`feature statistics still computing after their job: ${listing.jobId}`);
    const { table } = listing;
    // the two most frequent features, as the Reports screen's "top N by frequency" picks them
    const top = [...table.frequency.keys()].sort((a, b) => table.frequency[b] - table.frequency[a]).slice(0, 2);
    const request = { projectDir: dir, runIds: [runId], sections: ['summary', 'featureCards'] as const, features: top.map((feature) => ({ runId, feature })), title: 'Cards' };
    const preview = await ctx.studio.previewReport({ ...request, sections: [...request.sections] });
    expect(preview.cards.map((c) => c.feature)).toEqual(top);
    const page = await ctx.studio.getFeature({ projectDir: dir, runId, feature: top[0], examples: 8 });
    // a card carries the feature page's own numbers, histogram, properties and boards
    expect(preview.cards[0]).toMatchObject({ runId, run: 'TopK random', frequency: page.frequency, maxActivation: page.maxActivation, histogram: page.histogram, properties: page.properties, examples: page.examples, explanation: page.explanation });
    expect(preview.cards[0].examples[0].board?.squares).toHaveLength(64);

    const out = await ctx.studio.exportReport({ ...request, sections: [...request.sections] });
    expect(out.cardsCsv).toBe(out.pdf.replace(/\.pdf$/, '-features.csv'));
    const [header, ...rows] = parseCsvRecords(await fs.readFile(out.cardsCsv!, 'utf8'));
    expect(rows.map((r) => Number(r[header.indexOf('feature')]))).toEqual(top);
    expect(Number(rows[0][header.indexOf('maxActivation')])).toBe(page.maxActivation);
    // the run is measured on the held-out rows like any other (never trained does not matter);
    // six games leave one held-out game, so the board metrics are empty, not "NaN"
    const held = await ctx.studio.getHeldOutScores({ projectDir: dir, runId });
    const [runHeader, runRow] = parseCsvRecords(await fs.readFile(out.csv, 'utf8'));
    expect(Number(runRow[runHeader.indexOf('l0')])).toBe(held.core.l0);
    for (const c of ['coverage', 'boardReconstruction']) expect(runRow[runHeader.indexOf(c)]).toBe('');
    const pages = await pdfPageCount(out.pdf);
    if (pages !== null) expect(pages).toBe(3); // title and summary, then one page per card
  });

  it('names the feature whose card cannot be drawn, and writes nothing', async () => {
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 2, features: 16 });
    await ctx.studio.openProject({ dir });
    const fail = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as StudioError);
    const base = { projectDir: dir, runIds: [runId], sections: ['summary' as const, 'featureCards' as const] };
    const outside = await fail(ctx.studio.exportReport({ ...base, features: [{ runId, feature: 3 }, { runId, feature: 99 }] }));
    expect(outside).toMatchObject({ code: 'bad-input', where: 'features[1]' });
    expect(outside?.message).toMatch(/feature 99 of run "TopK random": feature 99 is outside 0..15/);
    expect(await fail(ctx.studio.exportReport({ ...base, features: [{ runId: 'gone', feature: 0 }] }))).toMatchObject({ code: 'not-found', where: 'features[0].runId' });
    expect(await fail(ctx.studio.exportReport({ ...base, features: [] }))).toMatchObject({ code: 'bad-input', where: 'features' });
    expect(await fail(ctx.studio.exportReport({ ...base, sections: ['summary'], features: [{ runId, feature: 1 }] }))).toMatchObject({ code: 'bad-input', where: 'sections' });
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports).toEqual([]);
    expect(await fs.readdir(path.join(dir, 'reports'))).toEqual([]);
  });
});
