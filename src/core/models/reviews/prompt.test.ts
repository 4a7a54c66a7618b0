import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { startFakeLlmServer, type FakeLlmServer } from '../../llm/testing/fake-server';
import type { LlmSettings } from '../../llm';
import { discover, DiscoverConfig, type ReviewItem } from './discover';
import { parseFeatureDef } from './language';
import { parseProposals } from './llm-proposals';
import { parseScore, PROMPT_CACHE_FILE, promptCandidates } from './prompt';
import { FINE_FOOD_SAMPLE } from './testing';

let tmp: string;
let server: FakeLlmServer | null = null;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-reviews-prompt-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = null;
});

const settings = (url: string): LlmSettings => ({ url, model: 'fake-judge', timeoutMs: 5000, allowRemote: false });
const reviewOf = (body: Record<string, unknown>) => String((body.messages as { content: string }[])[1].content.split('Review:\n')[1]);

// a judge that reads the review: 8 for one that gives a reason ("because"), 3 otherwise, and no score for one review
const judge = (body: Record<string, unknown>) => {
  const text = reviewOf(body);
  if (text.includes('cannot')) return { content: 'I cannot rate this review.' };
  return { content: text.includes('because') ? 'Score: 8/10' : '3' };
};

const TEXTS = [
  ...Array.from({ length: 6 }, (_, i) => `Great tea because it keeps well (${i}).`),
  ...Array.from({ length: 5 }, (_, i) => `Yum ${i}!`),
  'I cannot say much.',
];

describe('PROMPT features (opt-in LLM scores, cached per review)', () => {
  it('reads one score 1–10 from a reply, and nothing else', () => {
    expect(['7', ' 10 ', 'Score: 8/10', '3 out of 10', '9.'].map(parseScore)).toEqual([7, 10, 8, 3, 9]);
    expect(['0', '11', 'I cannot rate this.', '7 or 8', ''].map(parseScore)).toEqual([null, null, null, null, null]);
  });

  it('asks once per review, answers a second run from the project cache, and logs each unusable reply it drops', async () => {
    server = await startFakeLlmServer(judge);
    const dir = path.join(tmp, 'cache-project');
    await fs.mkdir(dir);
    const log: string[] = [];
    const first = await promptCandidates(settings(server.url), dir, ['How helpful is it?'], TEXTS, { log: (l) => log.push(l) });
    expect(server.requests).toHaveLength(12);
    expect(first.candidates.map((c) => c.source)).toEqual(['prompt']);
    expect(first.candidates[0].def.value).toEqual({ prompt: { criterion: 'How helpful is it?', model: 'fake-judge' } });
    expect(first.candidates[0].def.description).toMatch(/^PROMPT: /);
    expect(log.filter((l) => l.includes('is not one score from 1 to 10; left out'))).toEqual(['PROMPT: review 12: the reply "I cannot rate this review." is not one score from 1 to 10; left out']);
    const score = (t: string) => first.ctx.prompt!('How helpful is it?', 'fake-judge', t);
    expect([score(TEXTS[0]), score(TEXTS[6]), score(TEXTS[11])]).toEqual([8, 3, null]);
    const cache = JSON.parse(await fs.readFile(path.join(dir, PROMPT_CACHE_FILE), 'utf8'));
    expect(Object.keys(cache.scores)).toHaveLength(11);

    // the second run asks only for the review whose reply was unusable (never cached)
    const second = await promptCandidates(settings(server.url), dir, ['How helpful is it?'], TEXTS, { log: (l) => log.push(l) });
    expect(server.requests).toHaveLength(13);
    expect(log[log.length - 1]).toBe('PROMPT "How helpful is it?": 11 scores from the cache, 1 asked, 1 unusable');
    expect(second.ctx.prompt!('How helpful is it?', 'fake-judge', TEXTS[0])).toBe(8);
  });

  it('drops a criterion whose replies are mostly unusable, and goes on without an endpoint', async () => {
    server = await startFakeLlmServer(() => ({ content: 'Sure! Here is my rating of the review.' }));
    const log: string[] = [];
    const got = await promptCandidates(settings(server.url), tmp, ['Is it clear?'], TEXTS.slice(0, 5), { log: (l) => log.push(l) });
    expect(got.candidates).toEqual([]);
    expect(log[log.length - 1]).toContain('5 unusable (over 10%: the feature is dropped)');
    const url = server.url;
    await server.close();
    server = null;
    const offline: string[] = [];
    expect((await promptCandidates(settings(url), tmp, ['Is it clear?'], TEXTS.slice(0, 2), { log: (l) => offline.push(l) })).candidates).toEqual([]);
    expect(offline[0]).toMatch(/^PROMPT features skipped: the LLM endpoint cannot be reached/);
  });

  it('is a definition the language checks, and a proposal may not add one', () => {
    expect(() => parseFeatureDef({ name: 'p', value: { prompt: { criterion: 'Helpful?' } } })).toThrow('definition.value.prompt.model');
    const { candidates, rejected } = parseProposals('{"name": "judge", "value": {"prompt": {"criterion": "Helpful?", "model": "m"}}}', 1);
    expect(candidates).toEqual([]);
    expect(rejected[0]).toContain('is a PROMPT feature');
  });

  it('enters discovery as a PROMPT hypothesis with the cached scores as its values', { timeout: 60_000 }, async () => {
    // 300 rows of the shipped Fine Food sample (CC0, resources/README.md), split by product
    const rows = (parse(gunzipSync(await fs.readFile(FINE_FOOD_SAMPLE)), { columns: true }) as Record<string, string>[]).slice(0, 300);
    const splits = ['train', 'train', 'train', 'dev', 'test'] as const;
    const items: ReviewItem[] = rows
      .filter((r) => Number(r.HelpfulnessDenominator) >= 1)
      .map((r) => ({ id: r.Id, text: r.Text, target: Number(r.HelpfulnessNumerator) / Number(r.HelpfulnessDenominator), group: r.ProductId, split: splits[[...r.ProductId].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9973, 7) % 5] }));
    // the judge scores by length (a long review is "more helpful"): a real signal, so the beam search may keep it
    server = await startFakeLlmServer((body) => ({ content: String(Math.min(10, 1 + Math.floor(reviewOf(body).length / 150))) }));
    const dir = path.join(tmp, 'discover-project');
    await fs.mkdir(dir);
    const prompt = await promptCandidates(settings(server.url), dir, ['How detailed is it?'], items.map((i) => i.text));
    const d = await discover(items, DiscoverConfig.parse({ rounds: 0, poolSize: 10, beamWidth: 2, maxFeatures: 2, lexicon: false }), { prompt });
    const h = d.hypotheses.find((x) => x.source === 'prompt')!;
    expect(h.definition).toEqual({ prompt: { criterion: 'How detailed is it?', model: 'fake-judge' } });
    expect(h.rhoTrain).not.toBeNull();
    // without the opt-in nothing is asked and no PROMPT hypothesis exists
    const asked = server.requests.length;
    const off = await discover(items, DiscoverConfig.parse({ rounds: 0, poolSize: 10, beamWidth: 2, maxFeatures: 2, lexicon: false }));
    expect(off.hypotheses.some((x) => x.source === 'prompt')).toBe(false);
    expect(server.requests.length).toBe(asked);
  });
});
