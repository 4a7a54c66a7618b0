import { afterEach, describe, expect, it } from 'vitest';
import { LlmSettings } from '../llm';
import { type FakeLlmServer, startFakeLlmServer } from '../llm/testing/fake-server';
import { llmDetection, llmHypotheses } from './llm';
import type { BoardAtom } from './hypothesis/board';

describe('the explainer’s optional LLM back end, against a local server speaking the protocol', () => {
  let server: FakeLlmServer | null = null;
  afterEach(async () => server?.close());

  it('keeps proposals whose predicate validates in the hypothesis language and drops the rest', async () => {
    server = await startFakeLlmServer(() => ({
      content: `Here you go:\n[{"text": "a8 is empty", "predicate": {"op": "atom", "atom": {"kind": "cell", "family": "mine_yours", "cell": 22}}},
        {"text": "bad", "predicate": {"op": "atom", "atom": {"kind": "eval", "code": "process.exit()"}}},
        {"text": "row c and early", "predicate": {"op": "and", "parts": [{"op": "atom", "atom": {"kind": "moveLine", "axis": "row", "index": 2}}, {"op": "atom", "atom": {"kind": "ply", "min": 0, "max": 19}}]}}]`,
    }));
    const settings = LlmSettings.parse({ url: server.url, model: 'm' });
    const got = await llmHypotheses<BoardAtom>(settings, 'board', ['ply 3, move c4'], undefined);
    expect(got.map((g) => g.text)).toEqual(['a8 is empty', 'row c and early']);
    expect(got[1].pred).toEqual({ op: 'and', parts: [{ op: 'atom', atom: { kind: 'moveLine', axis: 'row', index: 2 } }, { op: 'atom', atom: { kind: 'ply', min: 0, max: 19 } }] });
    expect(String((server.requests[0].body.messages as { content: string }[])[1].content)).toContain('ply 3, move c4');
  });

  it('reads detection as P(1)/(P(0)+P(1)) over the first token’s alternatives', async () => {
    server = await startFakeLlmServer(() => ({ content: '1', top: [{ token: '1', logprob: Math.log(0.6) }, { token: '0', logprob: Math.log(0.2) }, { token: 'yes', logprob: Math.log(0.2) }] }));
    const settings = LlmSettings.parse({ url: server.url, model: 'm' });
    expect(await llmDetection(settings, 'the word great', 'a great cake')).toBeCloseTo(0.75, 10);
    expect(server.requests[0].body.top_logprobs).toBe(5);
  });
});
