/**
 * What bounds the demo's board reconstruction (docs/benchmark.md): one TopK SAE (k = 16, width
 * 4·d, the small demo's recipe) per layer and training length, scored as the demo scores it, next
 * to two references on the same held-out positions: the residual basis ("neurons") and a
 * dictionary of the model's own linear board probe — one feature per (square, class) reading the
 * ridge probe's score, fitted on the SAE's training positions. The probe dictionary is what a
 * linear feature for every cell would score under the metric; the probe's argmax board as binary
 * features ("probe argmax") is the model's linear read-out of the board as the metric sees it.
 *   npx tsx scripts/board-ceiling.ts --layers 0,1,2,3 --steps 3600 [--widths 4,16] [--k 16] [--games 2000] [--out DIR] [--threads 2]
 *   … --arch relu --config '{"l1Coefficient": 0.71}'   (another architecture: its archConfig as JSON, in place of --k)
 * Each (layer, steps, width) writes DIR/layer<L>-steps<S>[-width<W>][-k<K> | -<arch>-<config>].json
 * (width as a multiple of d; a suffix only where it is not the demo's TopK at 4·d, k = 16) and is
 * skipped when that file exists, so an interrupted sweep resumes where it stopped.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { OTHELLO_HEADLINE, aggregateFamilies, evaluateBoardFeatures, splitPositionsByGame } from '../src/core/evals/board/evaluate';
import { collectResiduals, fitLinearProbe, loadOthelloModel } from '../src/core/games/lm';
import { generateGames, othelloBsps } from '../src/core/games/othello';
import { CompiledSae } from '../src/core/sae/checkpoint/compiled';
import { parseTrainConfig } from '../src/core/sae/train/config';
import { fit } from '../src/core/sae/train/fit';
import { arraySource } from '../src/core/sae/train/source';

const { values } = parseArgs({ options: { layers: { type: 'string', default: '1' }, steps: { type: 'string', default: '3600' }, games: { type: 'string', default: '2000' }, out: { type: 'string', default: 'bench/results/board-ceiling' }, widths: { type: 'string', default: '4' }, k: { type: 'string', default: '16' }, arch: { type: 'string', default: 'topk' }, config: { type: 'string' }, threads: { type: 'string', default: '2' }, seed: { type: 'string', default: '1' } } });
const threads = Number(values.threads);
const out = path.resolve(values.out!);
await fs.mkdir(out, { recursive: true });
const model = await loadOthelloModel();
const D = model.config.gpt.d;
const games = generateGames(Number(values.games), Number(values.seed));
const layers = values.layers!.split(',').map(Number);
const stepsList = values.steps!.split(',').map(Number);
const widths = values.widths!.split(',').map(Number);
const k = Number(values.k);
const arch = values.arch!;
const archConfig: Record<string, unknown> = arch === 'topk' ? { k } : JSON.parse(values.config ?? '{}');
const archSuffix = arch === 'topk' ? (k === 16 ? '' : `-k${k}`) : `-${arch}-${Object.entries(archConfig).map(([key, v]) => `${key}${String(v)}`).join('-')}`;

// The demo's split: the first 70% of games train the SAE; the rest is held out, half labelling features, half reconstructed.
const { game, byLayer } = await collectResiduals(model, games, layers, { threads });
const trainGames = Math.floor(0.7 * games.count);
const trainRows = game.findIndex((g) => g >= trainGames);
const bsps = othelloBsps(games, { maxPlies: model.config.gpt.context, families: ['mine_yours', OTHELLO_HEADLINE] });
const headline = bsps.families.find((f) => f.name === OTHELLO_HEADLINE)!;
const mineYours = bsps.families.find((f) => f.name === 'mine_yours')!;
const heldRows = game.length - trainRows;
const cells = 64 * 3;
const heldFamily = { ...headline, data: headline.data.subarray(trainRows * cells) };
const { train, test } = splitPositionsByGame(game.subarray(trainRows).map((g) => g - trainGames), Math.ceil((games.count - trainGames) / 2));
const board = (data: Float32Array, features: number) => {
  const r = evaluateBoardFeatures({ acts: { data, features }, families: [heldFamily], train, test });
  const agg = aggregateFamilies(r, [OTHELLO_HEADLINE]);
  return { boardReconstruction: agg.reconstruction, coverage: agg.coverage, l0: r.families[0].reconstruction.l0 };
};

for (const [li, layer] of layers.entries()) {
  const x = byLayer[li];
  const held = x.subarray(trainRows * D);
  const refFile = path.join(out, `layer${layer}-references.json`);
  if (!(await exists(refFile))) {
    // ridge probe on the SAE's training positions, read as 192 non-negative features (its scores, centred per output at 0)
    const probe = fitLinearProbe(x.subarray(0, trainRows * D), trainRows, D, mineYours.data.subarray(0, trainRows * cells), 3);
    const scores = probeScores(probe, held, heldRows);
    const result = { layer, neurons: board(Float32Array.from(held, (v) => Math.max(0, v)), D), probeDictionary: board(scores, cells), probeRows: trainRows };
    await fs.writeFile(refFile, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  }
  const argmaxFile = path.join(out, `layer${layer}-probe-argmax.json`);
  if (!(await exists(argmaxFile))) {
    // the probe's own board as binary features: (square, class) fires where the argmax says so
    const probe = fitLinearProbe(x.subarray(0, trainRows * D), trainRows, D, mineYours.data.subarray(0, trainRows * cells), 3);
    const scores = probeScores(probe, held, heldRows, false);
    const onehot = new Float32Array(scores.length);
    for (let r = 0; r < heldRows; r++) {
      for (let sq = 0; sq < 64; sq++) {
        const o = r * cells + sq * 3;
        const best = [0, 1, 2].reduce((b, c) => (scores[o + c] > scores[o + b] ? c : b), 0);
        onehot[o + best] = 1;
      }
    }
    let right = 0;
    for (let r = 0; r < heldRows; r++) for (let o = 0; o < cells; o++) if (onehot[r * cells + o] && mineYours.data[(trainRows + r) * cells + o]) right++;
    // precision of each (square, class) read-out on the labelling half, the rows where labels are made (they need ≥ 0.95)
    const precision: number[] = [];
    for (let o = 0; o < cells; o++) {
      let [fired, hit] = [0, 0];
      for (const r of train) {
        if (!onehot[r * cells + o]) continue;
        fired++;
        if (heldFamily.data[r * cells + o]) hit++;
      }
      if (fired >= 10 && o % 3 !== 1) precision.push(hit / fired);
    }
    precision.sort((a, b) => b - a);
    const readOut = { cells: precision.length, atLeast95: precision.filter((p) => p >= 0.95).length, atLeast90: precision.filter((p) => p >= 0.9).length, best: precision[0], median: precision[Math.floor(precision.length / 2)] };
    const result = { layer, probeAccuracy: right / (heldRows * 64), probeArgmax: board(onehot, cells), readOutPrecision: readOut };
    await fs.writeFile(argmaxFile, `${JSON.stringify(result, null, 2)}\n`);
    console.log(JSON.stringify(result));
  }
  for (const steps of stepsList) {
    for (const mult of widths) {
      const suffix = `${mult === 4 ? '' : `-width${mult}`}${archSuffix}`;
      const file = path.join(out, `layer${layer}-steps${steps}${suffix}.json`);
      if (await exists(file)) continue;
      const started = performance.now();
      const width = mult * D;
      const cfg = parseTrainConfig({ arch, archConfig, width, batchSize: 256, steps, lr: 2e-3, seed: 1, logEvery: Math.max(1, Math.floor(steps / 10)) });
      const { saes, last } = await fit([cfg], arraySource(x.subarray(0, trainRows * D), D, trainRows, 1), { threads });
      const sae = await CompiledSae.create(saes[0], { threads, outputs: 'encode' });
      const f = await sae.encode(held);
      await sae.dispose();
      const result = { layer, steps, width, arch, archConfig, l0Train: last[0].l0, tokens: steps * 256, fvuTrain: last[0].fvu, seconds: (performance.now() - started) / 1000, ...board(f, width) };
      await fs.writeFile(file, `${JSON.stringify(result, null, 2)}\n`);
      console.log(JSON.stringify(result));
    }
  }
}

function probeScores(probe: ReturnType<typeof fitLinearProbe>, x: Float32Array, rows: number, clip = true): Float32Array {
  const { dims, outputs, mean, scale, weights } = probe;
  const outArr = new Float32Array(rows * outputs);
  const z = new Float64Array(dims + 1);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < dims; j++) z[j] = (x[r * dims + j] - mean[j]) * scale[j];
    z[dims] = 1;
    for (let o = 0; o < outputs; o++) {
      let s = 0;
      for (let i = 0; i <= dims; i++) s += z[i] * weights[i * outputs + o];
      outArr[r * outputs + o] = clip ? Math.max(0, s) : s;
    }
  }
  return outArr;
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(() => true, () => false);
}
