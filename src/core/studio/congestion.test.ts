import { utimes } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRoot } from '../io/appRoot';
import { pdfPageCount } from '../reports/pdfTools';
import { expectJobDone, useTempStudio } from './testing';

/*
 * The congestion methods through the Studio façade with real job processes, on the shipped
 * CircuitNet ISPD2015 layouts (resources/congestion/ispd2015-64, BSD 3-Clause; resources/README.md).
 */
const ctx = useTempStudio('fs-congestion-');

describe('congestion methods', () => {
  it('import, search and train as jobs with progress, then a layout view and a deck', { timeout: 300_000 }, async () => {
    const dir = path.join(ctx.tmp, 'p');
    await ctx.studio.createProject({ dir, name: 'chips' });
    expect(await ctx.studio.congestionState({ projectDir: dir })).toEqual({ layouts: [], search: null, metrics: null, model: false, decks: [], rudy: null });

    await expect(ctx.studio.congestionImport({ projectDir: dir })).rejects.toMatchObject({ code: 'bad-input', where: 'path' });
    const imp = await ctx.studio.congestionImport({ projectDir: dir, path: path.join(appRoot(), 'resources', 'congestion', 'ispd2015-64') });
    const importEnd = await expectJobDone(ctx.studio, imp.jobId);
    expect(importEnd.progress).toMatchObject({ step: 25, total: 25, unit: 'layouts' });
    const search = await ctx.studio.congestionSearch({ projectDir: dir, generations: 2, trees: 20 });
    await expectJobDone(ctx.studio, search.jobId);
    const train = await ctx.studio.congestionTrain({ projectDir: dir, steps: 60 });
    await expectJobDone(ctx.studio, train.jobId);

    // RUDY from the N28 demo net list against CircuitNet's map (../shared/data/congestion, BSD 3-Clause)
    const rudy = await ctx.studio.congestionRudy({ projectDir: dir });
    await expectJobDone(ctx.studio, rudy.jobId);

    const state = await ctx.studio.congestionState({ projectDir: dir });
    expect(state.rudy![0].pearson).toBeGreaterThan(0.5);
    expect(state.layouts).toHaveLength(25);
    expect(state.search!.history.map((h) => h.generation)).toEqual([0, 1, 2]);
    expect(Object.keys(state.metrics!.summary.baselines).sort()).toEqual(['ridge', 'rudySum', 'topTileMean']);
    expect(state.model).toBe(true);
    // the workspace's report is listed among the project's reports, its CSV the held-out metrics as result records
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports.map((r) => r.id)).toEqual(['congestion']);
    const metricsCsv = Buffer.from((await ctx.studio.getReportFile({ projectDir: dir, reportId: 'congestion', file: 'csv' })).base64, 'base64').toString('utf8').trim().split('\n');
    expect(metricsCsv[0]).toBe('model,metric,value,low,high,split');
    expect(metricsCsv.some((l) => l.startsWith('gated,srcc,'))).toBe(true);

    const layoutId = state.layouts[0].id;
    const view = await ctx.studio.congestionLayout({ projectDir: dir, layoutId, feature: 'mean(mul(rudy, near(macro, 4)))' });
    expect(Object.keys(view.layers).sort()).toEqual(['RUDY', 'RUDY_pin', 'congestion', 'macro_region']);
    expect(view.overlay!.map!.values).toHaveLength(64 * 64);
    expect(view.overlay!.upper).toBe(0.98);
    await expect(ctx.studio.congestionLayout({ projectDir: dir, layoutId, feature: 'mean(congestion)' })).rejects.toThrow(/label map/);

    expect(await ctx.studio.congestionSavedDeck({ projectDir: dir, layoutId })).toBeNull();
    const deck = await ctx.studio.congestionDeck({ projectDir: dir, layoutId });
    expect(deck.cards.length).toBeGreaterThan(0);
    expect(await pdfPageCount(deck.file)).toBe(deck.cards.length + 1);
    // kept: read back as built, listed among the project's reports with its PDF and a CSV of the cards
    const saved = await ctx.studio.congestionSavedDeck({ projectDir: dir, layoutId });
    expect(saved).toEqual({ ...deck, stale: false });
    expect((await ctx.studio.congestionState({ projectDir: dir })).decks).toEqual([layoutId]);
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports.map((r) => r.id)).toEqual(['congestion', `congestion-deck-${layoutId}`]);
    const csv = Buffer.from((await ctx.studio.getReportFile({ projectDir: dir, reportId: deck.reportId, file: 'csv' })).base64, 'base64').toString('utf8');
    expect(csv.trim().split('\r\n')).toHaveLength(deck.cards.length + 1);
    // a rebuild replaces the files and keeps one entry; a name that is not a layout reads nothing
    await ctx.studio.congestionDeck({ projectDir: dir, layoutId });
    expect((await ctx.studio.getProject({ projectDir: dir })).manifest.reports).toHaveLength(2);
    expect(await ctx.studio.congestionSavedDeck({ projectDir: dir, layoutId: '../congestion/layouts' })).toBeNull();
    // a model trained after the deck was built: the saved deck says its numbers are the old model's
    const later = new Date(Date.now() + 60_000);
    await utimes(path.join(dir, 'congestion', 'model.json'), later, later);
    expect((await ctx.studio.congestionSavedDeck({ projectDir: dir, layoutId }))!.stale).toBe(true);
  });
});
