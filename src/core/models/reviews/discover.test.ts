import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importCorpus } from '../../text/corpus/import';
import { DiscoverConfig } from './discover';
import { memoryPath } from './memory';
import { rememberDiscovery, runDiscovery } from './run';
import { parseTarget } from './target';
import { writeFineFoodSlice } from './testing';
import { viewReview } from './view';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reviews-discover-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

// Two disjoint slices of the shipped Fine Food sample (CC0, resources/README.md) stand for two corpora.
async function corpus(id: string, from: number, to: number): Promise<void> {
  const csv = await writeFineFoodSlice(path.join(tmp, `${id}.csv`), from, to);
  await importCorpus({ source: csv, id, name: id, outDir: path.join(tmp, 'corpora', id), options: { textColumn: 'Text', idColumn: 'Id', groupColumn: 'ProductId', splitFractions: { train: 0.6, dev: 0.2, test: 0.2 } } });
}

const config = DiscoverConfig.parse({ rounds: 1, poolSize: 20, perRound: 5, beamWidth: 4, maxFeatures: 4 });

describe('review discovery on real reviews, with memory carried to a second corpus', () => {
  it('discovers, explains each kept feature with evidence, and the second corpus starts from the first one\'s features', { timeout: 120_000 }, async () => {
    await corpus('food-a', 0, 900);
    await corpus('food-b', 900, 1800);
    const memory = [memoryPath(tmp)];
    const request = (corpusId: string, task: string) => ({
      projectDir: tmp, corpusId, task, id: task, name: task, config, memoryFiles: memory, embed: null,
      target: parseTarget('HelpfulnessNumerator/HelpfulnessDenominator', 3),
      scene: 'grocery reviews on a retail site; quality = how useful shoppers found them',
    });
    const firstLog: string[] = [];
    const first = await runDiscovery(request('food-a', 'fine-food-a'), { log: (l) => firstLog.push(l) });
    expect(firstLog.some((l) => l.startsWith('memory:'))).toBe(false);
    expect(first.kept.length).toBeGreaterThan(0);
    expect(Object.keys(first.models).sort()).toEqual(['allFamilies', 'bagOfWords', 'discovered', 'lengthOnly']);
    expect(first.spearmanSelectionSplit).toBe(first.rounds[first.rounds.length - 1].validRho);
    expect(first.hypotheses.filter((h) => h.status === 'kept').map((h) => h.name).sort()).toEqual(first.kept.map((k) => k.name).sort());
    expect(first.hypotheses.every((h) => h.status === 'kept' || h.reason.length > 0)).toBe(true);
    expect(new Set(first.hypotheses.map((h) => h.source))).toEqual(new Set(['registry', 'template', 'lexicon', 'reflection']));

    // every kept feature shows evidence on some real test review, and contributions add up to the prediction
    const texts = new Map<string, string>();
    for await (const row of (await import('../../text/corpus/store')).readCorpusRows(tmp, 'food-a', { split: 'test' })) texts.set(row.id, row.text);
    const views = first.test.map((t) => viewReview(first, { id: t.id, text: texts.get(t.id)!, group: t.group, target: t.target }));
    // wink's tokeniser keeps state across docs ("Plocky's" is one token or two depending on what it read before), so a review analysed alone may differ by a token
    views.forEach((v, i) => expect(Math.abs(v.predicted - first.test[i].predicted)).toBeLessThan(0.01));
    for (const k of first.kept) expect(views.some((v) => v.contributions.find((c) => c.name === k.name)!.evidence.length > 0), k.name).toBe(true);

    await rememberDiscovery(memory, first);
    const secondLog: string[] = [];
    const second = await runDiscovery(request('food-b', 'fine-food-b'), { log: (l) => secondLog.push(l) });
    expect(secondLog.find((l) => l.startsWith('memory: task "fine-food-a"'))).toBeDefined();
    expect(second.memory.map((m) => m.task)).toEqual(['fine-food-a']);
    const fromMemory = second.hypotheses.filter((h) => h.source === 'memory');
    // a memory feature whose definition equals a registry feature is already a candidate under that name
    expect(fromMemory.length + second.hypotheses.filter((h) => h.source === 'registry' && first.kept.some((k) => k.name === h.name)).length).toBe(first.kept.length);
  });
});
