import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HH_RLHF_SAMPLE_FILE, REWARD_SAMPLE_PLANS } from '../../models/reward/sample';
import { trainRewardModelKind } from './train-reward-model';

// The shipped HH-RLHF pairs (MIT, resources/preferences; resources/README.md).
describe('train-reward-model parameters', () => {
  it('the shipped sample sets the pairs file, the pairs read and the SAE size from its plan, and the built-in text model reads them', () => {
    const p = trainRewardModelKind.params.parse({ sample: 'tiny', states: '/elsewhere/states.npy', config: { width: 4096 } });
    expect(p.pairs).toBe(HH_RLHF_SAMPLE_FILE);
    expect(existsSync(p.pairs)).toBe(true);
    expect(p.states).toBeUndefined();
    expect(p.maxPairs).toBe(REWARD_SAMPLE_PLANS.tiny.pairs);
    expect(p.config).toMatchObject({ width: 256, k: 16, saeSteps: 300, headSteps: 300 });
  });

  it('without a sample a pairs file is needed, and the error names it', () => {
    expect(trainRewardModelKind.params.parse({ pairs: '/data/pairs.jsonl' }).pairs).toBe('/data/pairs.jsonl');
    const r = trainRewardModelKind.params.safeParse({ states: '/data/states.npy' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['pairs'], message: 'name a pairs file, or the shipped sample' });
  });
});
