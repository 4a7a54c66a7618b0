import path from 'node:path';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { appRoot } from '../../io/appRoot';
import { startFakeLlmServer, type FakeLlmServer } from '../../llm/testing/fake-server';
import { importLayouts, loadLayouts } from './layouts';
import { llmProposer, parseProposals } from './llm-proposals';
import { print } from './language';
import { runSearch } from './search';

let server: FakeLlmServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const REPLY = ['1. mean(mul(rudy_pin, near(macro, 2)))', '- `max(blur(rudy, 3))`', "import os; os.system('rm -rf /')", 'mean(congestion)', 'wobble(rudy)', 'Here are some ideas:', 'mean(cell_density)'].join('\n');

describe('LLM feature proposals (optional)', () => {
  it('keeps only lines that parse as definitions of the language', () => {
    const { proposed, rejected } = parseProposals(REPLY);
    expect(proposed.map(print)).toEqual(['mean(mul(rudy_pin, near(macro, 2)))', 'max(blur(rudy, 3))', 'mean(cell_density)']);
    // code, the label map and an unknown operator are refused; the prose line is not a candidate
    expect(rejected).toBe(3);
  });

  it('feeds valid proposals into crossover generations through the one LLM client', async () => {
    server = await startFakeLlmServer(() => ({ content: REPLY }));
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'congestion-llm-'));
    try {
      // resources/congestion/ispd2015-64 (CircuitNet ISPD2015, BSD 3-Clause; resources/README.md)
      await importLayouts(path.join(appRoot(), 'resources', 'congestion', 'ispd2015-64'), dir);
      const layouts = (await loadLayouts(dir)).slice(0, 15);
      const r = await runSearch(layouts, { generations: 4, poolSize: 6, forest: { trees: 10 }, seed: 3, propose: llmProposer({ url: server.url, model: 'fake', timeoutMs: 5000, allowRemote: false }) });
      const crossovers = r.history.filter((h) => h.kind === 'crossover');
      expect(crossovers.length).toBeGreaterThan(0);
      expect(server.requests).toHaveLength(crossovers.length);
      const prompt = JSON.stringify(server.requests[0].body.messages);
      expect(prompt).toContain('hotspots(map, number 0.5..0.999, number 1..100 integer) -> scalar');
      // cell_density is not a map of these layouts: it counts as rejected with the three bad lines
      for (const h of crossovers) expect([h.llmProposed, h.llmRejected]).toEqual([2, 4]);
      expect(r.history.filter((h) => h.kind === 'mutation').every((h) => h.llmProposed === undefined)).toBe(true);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
