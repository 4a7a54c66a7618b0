import path from 'node:path';
import { HARM_DOMAIN } from '../src/shared/rewardDomains';
import { streamResiduals } from '../src/core/games/lm/residuals';
import { loadModelDir, TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';
import { chosenActivity, MIN_TARGET_COVERAGE } from '../src/core/models/reward/candidates';
import { phiFromPre, sarmPreActs } from '../src/core/models/reward/sarm';
import { standardiseRows } from '../src/core/models/reward/standardise';
import { loadRewardModel } from '../src/core/models/reward/store';
import { RewardConfig, trainRewardModel } from '../src/core/models/reward/train';
import { documentTokens } from '../src/core/text/lm/bytes';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * A remedy tried for the preference shift's complement ratio (docs/reward.md): read every byte of
 * every response (each with at least half the text model's context before it, the prompt's tail
 * for the first bytes), train the reward model's SAE on those states, and pool each response's
 * TopK latents over its bytes (mean, max) or encode the mean state — so a feature may see the
 * request's words anywhere in the response instead of in the last byte's window alone. Reports,
 * per reading, the smallest complement ratio a_C/a_T of a feature covering a tenth of the
 * target's chosen answers, picked on the training pairs and measured on the held-out ones.
 *   npm run bench -- reward-pooled --model DIR [--target-match REGEX] [--width M]
 */
export async function run(args: string[]): Promise<void> {
  const dir = option(args, 'model');
  if (!dir) throw new Error('--model DIR (a reward model read by the built-in text model) is required');
  const pattern = option(args, 'target-match') ?? HARM_DOMAIN.promptMatches;
  const base = await loadRewardModel(path.resolve(dir));
  const layer = Number(/block (\d+)/.exec(base.info.states)?.[1] ?? 1);
  const { model } = await loadModelDir(TEXT_MODEL_DIR);
  const T = model.config.gpt.context;
  const D = model.config.gpt.d;
  const enc = new TextEncoder();
  const windows: Uint8Array[] = [];
  const game: number[] = [];
  const at: number[] = [];
  const owner: number[] = [];
  base.pairs.forEach((p, i) => {
    for (const side of [0, 1]) {
      const response = side === 0 ? p.chosen : p.rejected;
      const tokens = documentTokens(`${p.prompt} ${response}`);
      // windows advance by half a context: each byte is read with ≥ T/2 bytes before it
      for (let cur = tokens.length - enc.encode(response).length; cur < tokens.length; ) {
        const end = Math.min(tokens.length, cur + T / 2);
        const start = Math.max(0, end - T);
        for (let t = cur; t < end; t++) {
          game.push(windows.length);
          at.push(t - start);
          owner.push(i * 2 + side);
        }
        windows.push(tokens.subarray(start, end));
        cur = end;
      }
    }
  });
  const t0 = performance.now();
  const raw = new Float32Array(game.length * D);
  await streamResiduals(model, { count: windows.length, row: (g) => windows[g] }, { game: Uint32Array.from(game), at: Uint32Array.from(at) }, [layer], (c) => {
    raw.set(c.byLayer[0].subarray(0, c.rows * D), c.start * D);
  });
  const extractSeconds = (performance.now() - t0) / 1000;
  const rows = standardiseRows(raw, D);
  const tokens = { rows, pair: Int32Array.from(owner, (o) => o >> 1), side: Uint8Array.from(owner, (o) => o & 1) };
  const r = await trainRewardModel(base.pairs, { pairs: base.pairs.length, d: D, last: base.states, tokens, source: 'every response byte' }, RewardConfig.parse({ ...base.info.config, ...(option(args, 'width') ? { width: Number(option(args, 'width')) } : {}) }));
  const { m, k } = r.sae;
  const n = base.pairs.length * 2;
  const latent = phiFromPre(await sarmPreActs(r.sae, rows), m, k, 'post');
  const mean = new Float32Array(n * m);
  const max = new Float32Array(n * m);
  const meanState = new Float32Array(n * D);
  const count = new Float64Array(n);
  owner.forEach((o, row) => {
    count[o]++;
    for (let i = 0; i < m; i++) {
      const v = latent[row * m + i];
      mean[o * m + i] += v;
      if (v > max[o * m + i]) max[o * m + i] = v;
    }
    for (let j = 0; j < D; j++) meanState[o * D + j] += rows[row * D + j];
  });
  for (let o = 0; o < n; o++) {
    for (let i = 0; i < m; i++) mean[o * m + i] /= count[o];
    for (let j = 0; j < D; j++) meanState[o * D + j] /= count[o];
  }
  const encode = async (states: Float32Array) => phiFromPre(await sarmPreActs(r.sae, states), m, k, 'post');
  const readings: Record<string, Float32Array> = {
    'last byte': await encode(base.states),
    'mean over the bytes': mean,
    'max over the bytes': max,
    'mean state': await encode(standardiseRows(meanState, D)),
  };
  const re = new RegExp(pattern, 'i');
  const inTarget = base.pairs.map((p) => re.test(p.prompt));
  const results = Object.entries(readings).map(([reading, lat]) => {
    const rowOf = (p: number, s: 0 | 1) => lat.subarray((p * 2 + s) * m, (p * 2 + s + 1) * m);
    const measure = (set: number[]) => {
      const on = chosenActivity(rowOf, set.filter((p) => inTarget[p]), m);
      const off = chosenActivity(rowOf, set.filter((p) => !inTarget[p]), m);
      return { ratio: (i: number) => off.activity[i] / on.activity[i], coverage: (i: number) => on.frequency[i] };
    };
    const train = measure(base.split.train);
    const test = measure(base.split.test);
    const covering = [...Array(m).keys()].filter((i) => train.coverage(i) >= MIN_TARGET_COVERAGE).sort((a, b) => train.ratio(a) - train.ratio(b));
    const best = covering[0];
    return {
      reading,
      coveringFeatures: covering.length,
      best: best === undefined ? null : { feature: best, ratioTraining: train.ratio(best), coverageTraining: train.coverage(best), ratioHeldOut: test.ratio(best), coverageHeldOut: test.coverage(best) },
      medianRatioTraining: covering.length ? train.ratio(covering[Math.floor(covering.length / 2)]) : null,
    };
  });
  console.log(JSON.stringify({ machine: benchMachine(1), target: pattern, tokenRows: game.length, extractSeconds, trainSeconds: r.seconds, saeRec: r.saeRec, saeHead: r.models.saeHead, results }, null, 2));
}
