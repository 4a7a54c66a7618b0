import { afterEach, describe, expect, it } from 'vitest';
import { startFakeLlmServer, type FakeLlmServer } from '../../llm/testing/fake-server';
import { llmProposer, parseProposals } from './llm-proposals';

let server: FakeLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const REPLY = [
  'Here are some features:',
  '1. {"name": "mentions-price", "value": {"count": {"entities": ["MONEY"]}}}',
  '- `{"name": "compares", "description": "comparisons per 100 words", "value": {"rate": {"words": ["than", "better"]}, "per": "words"}}`',
  '{"name": "bad-unit", "value": {"rate": {"words": ["a"]}, "per": "lines"}}',
  '{"name": "code", "value": "import os; os.system(\'rm -rf /\')"}',
  '{not json',
].join('\n');

describe('LLM review-feature proposals (optional)', () => {
  it('keeps only lines that parse in the feature language and names the field of each one dropped', () => {
    const { candidates, rejected } = parseProposals(REPLY, 1);
    expect(candidates.map((c) => c.def.name)).toEqual(['mentions-price', 'compares']);
    expect(candidates.every((c) => c.source === 'llm')).toBe(true);
    expect(rejected).toHaveLength(3);
    expect(rejected[0]).toContain('llm proposal.value.per');
    expect(rejected[1]).toContain('llm proposal.value');
  });

  it('asks through the one LLM client and logs what it dropped', async () => {
    server = await startFakeLlmServer(() => ({ content: REPLY }));
    const log: string[] = [];
    const propose = llmProposer({ url: server.url, model: 'fake', timeoutMs: 5000, allowRemote: false }, (l) => log.push(l));
    const got = await propose({ round: 1, kept: [], under: ['Great value, $5 cheaper than the store.'], over: ['Yum!'] });
    expect(got.map((c) => c.def.name)).toEqual(['mentions-price', 'compares']);
    expect(server.requests).toHaveLength(1);
    expect(JSON.stringify(server.requests[0].body.messages)).toContain('cheaper than the store');
    expect(log.filter((l) => l.startsWith('dropped a proposal'))).toHaveLength(3);
  });
});
