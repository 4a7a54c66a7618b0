import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from './testing';
import { pdfPageCount, pdfText } from '../core/reports/pdfTools';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-congestion-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const cli = (args: string[]) => runCli(args, { cwd: tmp, home: path.join(tmp, 'home') });
const METRIC_KEYS = ['krcc', 'ndcg', 'plcc', 'srcc'];

describe('feature-studio congestion', () => {
  // The demo runs on resources/congestion/ispd2015-64 (CircuitNet ISPD2015 layouts, BSD 3-Clause, resources/README.md).
  it('runs the tiny demo: the train JSON with baselines, a deck and a report; then a deck for another layout', { timeout: 300_000 }, async () => {
    const project = path.join(tmp, 'demo');
    const r = await cli(['demo', 'congestion', '--size', 'tiny', '--project', project, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { test: Record<string, number>; baselines: Record<string, Record<string, number>>; seconds: number; searchCurve: number[]; deckFile: string; reportFile: string };
    expect(Object.keys(out.test).sort()).toEqual(METRIC_KEYS);
    expect(Object.keys(out.baselines).sort()).toEqual(['ridge', 'rudySum', 'topTileMean']);
    for (const m of Object.values(out.baselines)) expect(Object.keys(m).sort()).toEqual(METRIC_KEYS);
    expect(out.test.srcc).toBeGreaterThanOrEqual(-1);
    expect(out.test.srcc).toBeLessThanOrEqual(1);
    expect(out.seconds).toBeGreaterThan(0);
    expect(out.searchCurve).toHaveLength(4);
    expect(await pdfPageCount(out.deckFile)).toBeGreaterThan(1);
    expect(await pdfPageCount(out.reportFile)).toBeGreaterThanOrEqual(1);
    const reportText = await pdfText(out.reportFile);
    if (reportText !== null) {
      // each held-out interval is read whole on its line ("[0.360, 0.804]"), never split over two rows
      const intervals = reportText.split('\n').filter((l) => l.includes('['));
      expect(intervals.length).toBeGreaterThanOrEqual(4);
      for (const line of intervals) expect(line).toMatch(/^(\s*\[-?\d\.\d{3}, -?\d\.\d{3}\])+\s*$/);
    }
    // a card's percentile among the training layouts is a whole number, not "8.000"
    const deckText = await pdfText(out.deckFile);
    if (deckText !== null) expect(deckText).toMatch(/\(percentile \d+ of the training layouts/);

    const d = await cli(['congestion', 'deck', '--project', project, '--layout', '473-mgc_superblue11_a-util_0.7', '--json']);
    expect(d.code).toBe(0);
    const deck = JSON.parse(d.stdout) as { file: string; deck: { cards: { rank: number; overlay: unknown }[] } };
    expect(deck.deck.cards.map((c) => c.rank)).toEqual(deck.deck.cards.map((_, i) => i + 1));
    expect(await pdfPageCount(deck.file)).toBe(deck.deck.cards.length + 1);

    const missing = await cli(['congestion', 'deck', '--project', project, '--layout', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no layout 'nope'/);
  });

  it('names a folder without a manifest', async () => {
    const empty = path.join(tmp, 'empty');
    await fs.mkdir(empty);
    const r = await cli(['congestion', 'import', empty, '--project', path.join(tmp, 'p2')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs a manifest\.csv.*manifest\.csv/);
  });
});
