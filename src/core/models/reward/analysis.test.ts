import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RewardAnalysis } from './analysis';
import { saveRewardModel } from './store';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reward-analysis-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const result = { accuracy: 0.5, accuracyLow: 0, accuracyHigh: 1, pairs: 1 };

describe('a reward model opened for questions', () => {
  it("shows a feature's weight, how often it fires on each side, and the responses where it fires most", async () => {
    // d = m = 2, k = 1, E = D = I and no biases: z is the stored state itself and TopK keeps its larger entry
    const dir = path.join(tmp, 'model');
    const identity = Float32Array.of(1, 0, 0, 1);
    await saveRewardModel(dir, {
      info: {
        kind: 'reward', id: 'm', name: 'm', createdAt: new Date(0).toISOString(), pairsFile: 'pairs.jsonl', states: 'hand-made', pairs: 2, skipped: [], d: 2, width: 2, k: 1,
        phi: 'post', mode: 'head', config: {}, models: { saeHead: result, denseHead: result, length: result, topkHead: result }, saeRec: null, testPairs: 1, seconds: 0,
      },
      sae: { d: 2, m: 2, k: 1, E: identity, bPre: new Float32Array(2), bLat: new Float32Array(2), D: identity },
      w: Float32Array.of(0.5, -0.25),
      wDense: new Float32Array(2),
      wTopk: new Float32Array(2),
      // [pair, side, d]: pair 0 chosen → feature 0 (3), rejected → 1 (2); pair 1 chosen → 1 (5), rejected → 0 (4)
      states: Float32Array.of(3, 1, 0, 2, 1, 5, 4, -1),
      pairs: [
        { id: 'a', prompt: 'How do I bake bread?', chosen: 'Knead it.', rejected: 'No.', category: null },
        { id: 'b', prompt: 'x'.repeat(200), chosen: 'Sure.', rejected: 'Here is how.', category: null },
      ],
      split: { train: [0], test: [1] },
    });
    const a = await RewardAnalysis.open(dir);
    const f = a.featureView(0);
    expect(f).toMatchObject({ feature: 0, weight: 0.5, chosenFrequency: 0.5, rejectedFrequency: 0.5 });
    expect(f.top.map((t) => [t.pair, t.side, t.value])).toEqual([[1, 'rejected', 4], [0, 'chosen', 3]]);
    // what the state read: the end of prompt + " " + response, at most 128 characters
    expect(f.top[1].context).toBe('How do I bake bread? Knead it.');
    expect(f.top[0].context).toHaveLength(128);
    expect(f.top[0].context.endsWith('x Here is how.')).toBe(true);
    expect(a.featureView(1, 1).top).toEqual([{ pair: 1, side: 'chosen', value: 5, context: expect.stringMatching(/ Sure\.$/) }]);
    expect(() => a.featureView(2)).toThrow(/no feature 2; the SAE has 2/);
  });
});
