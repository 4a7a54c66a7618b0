/**
 * Trains the byte-level English text model (src/core/text/lm/) in pieces that resume from a
 * checkpoint, then measures it and writes resources/models/text/:
 *   nice -n 10 npx tsx scripts/train-text-model.ts [--minutes M] [--work DIR] [--threads N]
 *   npx tsx scripts/train-text-model.ts --finish [--out DIR]
 * Each run continues the checkpoint in --work (default out/text-model-training) for up to
 * --minutes (default: to the schedule's end); when the schedule is done, or with --finish, it
 * measures held-out bits per byte beside the two anchors (order-5 Kneser–Ney byte n-gram,
 * xz -9) on the same held-out text and writes the model folder. Data: the four English
 * corpora of ../shared/data (src/core/text/lm/english-sources.ts), 5% of each held out.
 * Other shapes, for comparison (start with an empty --work):
 *   [--d D] [--layers L] [--heads H] [--mlp M] [--context T] [--batch B] [--steps S] [--lr R]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { evaluationSlice, readEnglishCorpora } from '../src/core/text/lm/english-sources';
import { textRecipe, textBitsPerByte, tokenStream } from '../src/core/text/lm/text-model';
import { readCheckpoint } from '../src/core/games/lm/checkpoint';
import { trainTextPiece } from '../src/core/text/lm/checkpoint';
import { TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';

const opt = { type: 'string' } as const;
const { values } = parseArgs({
  options: {
    work: { type: 'string', default: path.resolve('out/text-model-training') },
    out: { type: 'string', default: TEXT_MODEL_DIR },
    threads: { type: 'string', default: '2' },
    minutes: opt,
    finish: { type: 'boolean', default: false },
    'no-anchors': { type: 'boolean', default: false },
    'eval-bytes': { type: 'string', default: '65536' },
    d: opt,
    layers: opt,
    heads: opt,
    mlp: opt,
    context: opt,
    batch: opt,
    steps: opt,
    lr: opt,
  },
});
const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
const threads = Number(values.threads);
const recipe = textRecipe({ d: num(values.d), layers: num(values.layers), heads: num(values.heads), mlp: num(values.mlp), context: num(values.context), batch: num(values.batch), steps: num(values.steps), peakLr: num(values.lr) });

const { train, heldOut } = await readEnglishCorpora();
const stream = tokenStream(train.map((d) => d.text));
const evalDocs = evaluationSlice(heldOut, Number(values['eval-bytes']));
// The curve along the way: a smaller slice of the same held-out documents, cheap enough to run every 400 steps.
const monitor = evaluationSlice(heldOut, 8192).map((d) => d.text);
console.log(`${train.length} training documents (${(stream.length / 1e6).toFixed(1)} MB), ${heldOut.length} held out; evaluation slice ${evalDocs.length} documents`);

if (!values.finish) {
  const started = Date.now();
  const cp = await trainTextPiece(values.work, recipe, stream, {
    threads,
    deadline: values.minutes ? started + Number(values.minutes) * 60_000 : undefined,
    evaluate: async (model) => (await textBitsPerByte(model, monitor, { threads })).bitsPerByte,
    evalEvery: 400,
    onStep: (step, loss) => {
      if (step % 50 === 0) console.log(`step ${step}  loss ${(loss / Math.LN2).toFixed(3)} bits/byte  ${((Date.now() - started) / 1000).toFixed(0)} s`);
    },
  });
  const last = cp.state.evalCurve.at(-1);
  console.log(`checkpoint at step ${cp.state.step} of ${cp.state.recipe.training.schedule.steps}${last ? `; held-out monitor ${last.value.toFixed(3)} bits/byte at step ${last.step}` : ''}`);
  if (cp.state.step < cp.state.recipe.training.schedule.steps) process.exit(0);
}

const cp = await readCheckpoint(values.work);
if (!cp) throw new Error(`no checkpoint in ${values.work}`);
const { finishTextModel } = await import('../src/core/text/lm/finish');
const info = await finishTextModel(values.out, cp, train, evalDocs, { threads, log: console.log, anchors: !values['no-anchors'] });
console.log(JSON.stringify(info.metrics, null, 2));
console.log(`wrote ${values.out}`);
