import { loadModelDir, TEXT_MODEL_DIR } from '../src/core/games/lm/shipped';
import { charProfile } from '../src/core/models/authorship/chars';
import { readAuthoredTexts } from '../src/core/models/authorship/inputs';
import { samplePairs } from '../src/core/models/authorship/pairs';
import { C50_SAMPLE_FILE } from '../src/core/models/authorship/samples';
import { trainAuthorship } from '../src/core/models/authorship/train';
import { analyse } from '../src/core/text/nlp/analyse';
import { documentVectors } from '../src/core/text/lm/extract';
import { AuthorshipConfig } from '../src/shared/schemas/authorship';
import { vectorise } from '../src/core/models/authorship/vectorise';
import { benchMachine } from './support/machine';
import { option } from './support/options';

/*
 * The authorship workspace's costs (issue 18: training the residual ≤ 15 minutes on 2 cores),
 * on the shipped C50 sample (resources/authorship, CC BY 4.0): per text, the Gram2Vec vector,
 * the character profile the residual reads, and — the reference, measured in the same run — the
 * built-in text model's mean-pooled state, the encoder the studio did not choose; then a whole
 * open-set training (both networks) at the default settings.
 *   npm run bench -- authorship [--per-author 40] [--probe 10]
 */
export async function run(argv: string[]): Promise<void> {
  const perAuthor = Number(option(argv, 'per-author') ?? 40);
  const probe = Number(option(argv, 'probe') ?? 10);
  const seen = new Map<string, number>();
  const texts = (await readAuthoredTexts(C50_SAMPLE_FILE)).filter((t) => (seen.set(t.author, (seen.get(t.author) ?? 0) + 1).get(t.author) ?? 0) <= perAuthor);
  const some = texts.slice(0, probe).map((t) => t.text);
  const per = async (f: () => unknown | Promise<unknown>) => {
    const t0 = performance.now();
    await f();
    return (performance.now() - t0) / 1000 / some.length;
  };
  const gram2vec = await per(() => some.forEach((t) => vectorise(analyse(t))));
  const chars = await per(() => some.forEach((t) => charProfile(t)));
  const { model } = await loadModelDir(TEXT_MODEL_DIR);
  const textModel = await per(() => documentVectors(model, some, { layer: 1, pooling: 'mean' }));
  const config = AuthorshipConfig.parse({});
  const sets = samplePairs(texts, { seed: 1, protocol: 'open', pairs: { train: config.trainPairs, dev: config.devPairs, test: config.testPairs } });
  const t0 = performance.now();
  const t = await trainAuthorship(texts, sets, config);
  const total = (performance.now() - t0) / 1000;
  const residual = t.info.residual.seconds + t.info.neuralOnly.seconds;
  console.log(
    JSON.stringify({
      machine: benchMachine(2),
      size: { texts: texts.length, pairs: t.info.pairs, epochs: config.epochs },
      perTextSeconds: { gram2vec: +gram2vec.toFixed(4), charProfile: +chars.toFixed(5), textModelMeanState: +textModel.toFixed(4) },
      seconds: { residual: +t.info.residual.seconds.toFixed(1), neuralOnly: +t.info.neuralOnly.seconds.toFixed(1), total: +total.toFixed(1) },
      targetSeconds: 900,
      withinTarget: residual <= 900,
      auc: { interpretable: +t.info.models.interpretable.auc.toFixed(3), residualized: +t.info.models.residualized.auc.toFixed(3), neuralOnly: +t.info.models.neuralOnly.auc.toFixed(3) },
      reference: { what: "the built-in text model's mean-pooled state of every text the pairs use (the encoder not chosen), extrapolated from the probe", seconds: +(textModel * texts.length).toFixed(1), residualRatio: +(residual / (textModel * texts.length)).toFixed(3) },
    }),
  );
}
