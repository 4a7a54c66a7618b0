import path from 'node:path';
import { streamResiduals } from '../src/core/games/lm/residuals';
import { loadModelDir, TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';
import { loadRewardModel, saveRewardModel } from '../src/core/models/reward/store';
import { RewardConfig, trainRewardModel } from '../src/core/models/reward/train';
import { documentTokens } from '../src/core/text/lm/bytes';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * A remedy tried for the preference shift's complement ratio (docs/reward.md): the same reward
 * model as --model (its pairs, split and config), but its SAE trained on per-byte states — the
 * last --bytes bytes of every training response, read in the same 128-byte window as the
 * last-token states — instead of the last byte alone (SARM trains its SAE on per-token states).
 * Writes the model to --out for `bench reward-shift`, prints one JSON object.
 *   npm run bench -- reward-token-sae --model DIR --out DIR [--bytes 32]
 */
export async function run(args: string[]): Promise<void> {
  const from = option(args, 'model');
  const out = option(args, 'out');
  if (!from || !out) throw new Error('--model DIR (a reward model read by the built-in text model) and --out DIR are required');
  const N = Number(option(args, 'bytes') ?? 32);
  const base = await loadRewardModel(path.resolve(from));
  const layer = Number(/block (\d+)/.exec(base.info.states)?.[1] ?? 1);
  const { model } = await loadModelDir(TEXT_MODEL_DIR);
  const T = model.config.gpt.context;
  const D = model.config.gpt.d;
  const windows: Uint8Array[] = [];
  const game: number[] = [];
  const at: number[] = [];
  const owner: number[] = [];
  const enc = new TextEncoder();
  base.pairs.forEach((p, i) => {
    for (const side of [0, 1]) {
      const response = side === 0 ? p.chosen : p.rejected;
      const tokens = documentTokens(`${p.prompt} ${response}`);
      const window = tokens.subarray(Math.max(0, tokens.length - T));
      const keep = Math.min(N, enc.encode(response).length, window.length - 1);
      for (let t = window.length - keep; t < window.length; t++) {
        game.push(windows.length);
        at.push(t);
        owner.push(i * 2 + side);
      }
      windows.push(window);
    }
  });
  const rows = new Float32Array(game.length * D);
  const t0 = performance.now();
  await streamResiduals(model, { count: windows.length, row: (g) => windows[g] }, { game: Uint32Array.from(game), at: Uint32Array.from(at) }, [layer], (c) => {
    rows.set(c.byLayer[0].subarray(0, c.rows * D), c.start * D);
  }, { threads: 1 });
  const extractSeconds = (performance.now() - t0) / 1000;
  const source = `${base.info.states}; SAE on the last ${N} bytes of each response`;
  // the stored states are standardised already; standardising them again inside training leaves them as they are
  const states = { pairs: base.pairs.length, d: D, last: base.states, tokens: { rows, pair: Int32Array.from(owner, (o) => o >> 1), side: Uint8Array.from(owner, (o) => o & 1) }, source };
  const r = await trainRewardModel(base.pairs, states, RewardConfig.parse(base.info.config));
  await saveRewardModel(path.resolve(out), {
    info: { ...base.info, id: path.basename(out), name: path.basename(out), states: source, models: r.models, saeRec: r.saeRec, seconds: r.seconds },
    sae: r.sae, w: r.w, wDense: r.wDense, wTopk: r.wTopk, states: base.states, pairs: base.pairs, split: r.split,
  });
  console.log(JSON.stringify({ machine: benchMachine(1), bytes: N, tokenRows: game.length, extractSeconds, trainSeconds: r.seconds, saeRec: r.saeRec, models: r.models, out }, null, 2));
}
