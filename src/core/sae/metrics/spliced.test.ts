import { describe, expect, it } from 'vitest';
import { gamesToTokens, MAX_MOVES } from '../../games/othello';
import { loadOthelloModel, othelloHeldOutGames } from '../../games/lm';
import type { Sae } from '../checkpoint/sae';
import { randomSae } from '../checkpoint/testSae';
import { splicedMetrics, splicedScores } from './spliced';

/** A ReLU SAE that reconstructs exactly: f = (ReLU(x), ReLU(−x)), x̂ = f₊ − f₋. */
function identitySae(d: number): Sae {
  const m = 2 * d;
  const W_enc = new Float32Array(d * m);
  const W_dec = new Float32Array(m * d);
  for (let j = 0; j < d; j++) {
    W_enc[j * m + j] = 1;
    W_enc[j * m + d + j] = -1;
    W_dec[j * d + j] = 1;
    W_dec[(d + j) * d + j] = -1;
  }
  return { architecture: 'standard', dIn: d, dSae: m, W_enc, W_dec, b_enc: new Float32Array(m), b_dec: new Float32Array(d), applyBDecToInput: true, cfg: {} };
}

describe('spliced-model fidelity', () => {
  it('scores by hand: CE 1 / 1.5 / 3 and KL 0.5 / 2 per position recover 0.75 each', () => {
    const s = splicedScores({ positions: 2, ceClean: 2, ceSae: 3, ceZero: 6, klSae: 1, klZero: 4 });
    expect(s.ceLossRecovered).toBeCloseTo(0.75, 12);
    expect(s.klDivScore).toBeCloseTo(0.75, 12);
    expect(s.klDiv).toBeCloseTo(0.5, 12);
  });

  // The shipped Othello model (resources/models/othello) on 6 held-out games, layer 1.
  it('an exact SAE recovers all of the loss with KL 0; one that outputs zeros recovers none; a random one in between', async () => {
    const model = await loadOthelloModel();
    const games = othelloHeldOutGames(6, 7);
    const tokens = gamesToTokens(games);
    const rows = { count: games.count, row: (g: number) => tokens.subarray(g * MAX_MOVES, (g + 1) * MAX_MOVES) };
    const run = (sae: Sae) => splicedMetrics({ model, layer: 1, sae, games: rows, length: (g) => games.lengths[g], batch: 4, threads: 1 });
    const d = model.config.gpt.d;
    const exact = await run(identitySae(d));
    expect(exact.positions).toBe(Array.from(games.lengths).reduce((a, n) => a + Math.min(n, model.config.gpt.context) - 1, 0));
    expect(exact.ceZero).toBeGreaterThan(exact.ceClean + 0.1);
    expect(exact.ceLossRecovered).toBeCloseTo(1, 4);
    expect(exact.klDiv).toBeLessThan(1e-6);
    expect(exact.klDivScore).toBeCloseTo(1, 4);
    const zero = { ...identitySae(d), W_dec: new Float32Array(2 * d * d) };
    const none = await run(zero);
    expect(none.ceLossRecovered).toBeCloseTo(0, 6);
    expect(none.klDivScore).toBeCloseTo(0, 6);
    expect(none.ceClean).toBeCloseTo(exact.ceClean, 6);
    const noisy = await run(randomSae('standard', d, 2 * d, 3));
    expect(noisy.klDiv).toBeGreaterThan(0);
    expect(noisy.ceLossRecovered).toBeLessThan(1);
  }, 60_000);
});
