import { evaluationSlice, readEnglishCorpora } from '../src/core/text/lm/english-sources';
import { KneserNeyModel } from '../src/core/text/lm/ngram';
import { xzBitsPerByte } from '../src/core/text/lm/anchors';
import { tokenStream, textBitsPerByte } from '../src/core/text/lm/text-model';
import { loadModelDir, TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * The text model's anchors on its held-out text (docs/text-model.md): byte n-grams with
 * interpolated Kneser–Ney at orders 3–5 fitted on the training documents of the four English
 * corpora (on the whole slice and per source), `xz -9` on the held-out text, and the model in --model (default the shipped one)
 * on the same text. Prints one JSON object; `ratio` is each figure over xz's, measured here.
 *   npm run bench -- text-anchors [--eval-bytes 65536] [--orders 3,4,5] [--model DIR] [--threads 2]
 */
export async function run(args: string[]): Promise<void> {
  const evalBytes = Number(option(args, 'eval-bytes') ?? 65536);
  const orders = (option(args, 'orders') ?? '3,4,5').split(',').map(Number);
  const threads = Number(option(args, 'threads') ?? 2);
  const { train, heldOut } = await readEnglishCorpora();
  const slice = evaluationSlice(heldOut, evalBytes);
  const texts = slice.map((d) => d.text);
  const sources = [...new Set(slice.map((d) => d.source))];
  const stream = tokenStream(train.map((d) => d.text));
  const xz = xzBitsPerByte(texts);
  const ngrams = orders.map((order) => {
    const t0 = performance.now();
    const model = KneserNeyModel.fit(stream, order);
    const fitSeconds = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const { bitsPerByte, bytes } = model.bitsPerByte(texts);
    const scoreSeconds = (performance.now() - t1) / 1000;
    // Per source, so each source's model figure (config.json's heldOutBitsPerByteBySource) has its own anchor.
    const bySource = Object.fromEntries(sources.map((s) => [s, model.bitsPerByte(slice.filter((d) => d.source === s).map((d) => d.text)).bitsPerByte]));
    return { order, bitsPerByte, bySource, ratioToXz: bitsPerByte / xz.bitsPerByte, fitSeconds, trainingBytesPerSecond: stream.length / fitSeconds, scoredBytesPerSecond: bytes / scoreSeconds };
  });
  const dir = option(args, 'model') ?? TEXT_MODEL_DIR;
  const model = await loadModelDir(dir)
    .then(async ({ model }) => ({ dir, ...(await textBitsPerByte(model, texts, { threads })) }))
    .catch((err: Error) => ({ dir, error: err.message }));
  console.log(JSON.stringify({ machine: benchMachine(threads), heldOutBytes: xz.bytes, trainingBytes: stream.length, xz: xz.bitsPerByte, ngrams, model }, null, 2));
}
