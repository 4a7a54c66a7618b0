import { AuthorshipModelInfo, type AuthorshipConfig, type AuthorshipMetrics } from '../../../shared/schemas/authorship';
import { StudioError } from '../../../shared/errors';
import { analyse } from '../../text/nlp/analyse';
import { charProfile, columnStats, CHAR_DIM, standardise } from './chars';
import { fitSlope, sweepTheta, verificationMetrics } from './decision';
import { faithfulness } from './faithfulness';
import type { LabelledPair } from './inputs';
import type { AuthoredText, PairSets, PairSplit, TextPair } from './pairs';
import { predictResidual, trainResidual, type PairBatchSource, type ResidualModel } from './residual';
import { cosine, GRAM2VEC_FEATURES, UNAVAILABLE_FAMILIES, vectorise } from './vectorise';

export interface TrainHooks {
  onStage?: (stage: 'vectorise' | 'residual' | 'neuralOnly' | 'score', done: number, metrics?: Record<string, number>) => void;
  signal?: AbortSignal;
}

/** Everything a trained authorship model keeps (store.ts writes it). */
export interface AuthorshipTraining {
  info: Omit<AuthorshipModelInfo, 'kind' | 'id' | 'name' | 'createdAt' | 'source' | 'federalist'>;
  texts: AuthoredText[];
  pairs: Record<PairSplit, (TextPair | LabelledPair)[]>;
  /** Gram2Vec vectors of every text [texts, features] */
  vectors: Float32Array;
  /** the standardisation of the character profiles (from the training pairs' texts) */
  charStats: { mean: Float32Array; std: Float32Array };
  residual: ResidualModel;
  neural: ResidualModel;
  /** per test pair: s_I, r̂ and the neural-only score */
  test: { sI: Float32Array; rHat: Float32Array; neural: Float32Array };
}

const SPLITS: readonly PairSplit[] = ['train', 'dev', 'test'];

/** The texts the pairs use, analysed once: Gram2Vec vectors and character profiles. */
async function featuresOf(texts: readonly AuthoredText[], used: ReadonlySet<number>, hooks: TrainHooks): Promise<{ vectors: Float32Array; profiles: Float32Array }> {
  const F = GRAM2VEC_FEATURES.length;
  const vectors = new Float32Array(texts.length * F);
  const profiles = new Float32Array(texts.length * CHAR_DIM);
  let done = 0;
  for (const i of used) {
    if (hooks.signal?.aborted) throw hooks.signal.reason ?? new StudioError('cancelled', 'cancelled');
    vectors.set(vectorise(analyse(texts[i].text)), i * F);
    profiles.set(charProfile(texts[i].text), i * CHAR_DIM);
    if (++done % 20 === 0 || done === used.size) {
      hooks.onStage?.('vectorise', done / used.size);
      // lets a cancel message in between texts
      await new Promise((r) => setImmediate(r));
    }
  }
  return { vectors, profiles };
}

const row = (m: Float32Array, i: number, width: number) => m.subarray(i * width, (i + 1) * width);

/**
 * Residualized similarity end to end (ALGORITHMS-DETAIL §9) on given pair sets: s_I from the
 * Gram2Vec cosine, a residual trained on r = y − s_I (y ∈ {0, 1}), θ of each system swept on
 * train, and the one table — interpretable, residualized, neural-only — on the test pairs.
 */
export async function trainAuthorship(texts: readonly AuthoredText[], sets: PairSets | Record<PairSplit, LabelledPair[]>, config: AuthorshipConfig, hooks: TrainHooks = {}): Promise<AuthorshipTraining> {
  const started = performance.now();
  for (const s of SPLITS) if (sets[s].length === 0) throw new StudioError('bad-input', `no ${s} pairs`, 'pairs');
  const used = new Set<number>(SPLITS.flatMap((s) => sets[s].flatMap((p) => [p.a, p.b])));
  const { vectors, profiles: raw } = await featuresOf(texts, used, hooks);
  const F = GRAM2VEC_FEATURES.length;
  const trainTexts = [...new Set(sets.train.flatMap((p) => [p.a, p.b]))];
  const trainRows = new Float32Array(trainTexts.length * CHAR_DIM);
  trainTexts.forEach((t, i) => trainRows.set(row(raw, t, CHAR_DIM), i * CHAR_DIM));
  const charStats = columnStats(trainRows, CHAR_DIM);
  const profiles = standardise(raw, CHAR_DIM, charStats);

  const split = Object.fromEntries(
    SPLITS.map((s) => {
      const ps = sets[s];
      const sI = Float32Array.from(ps, (p) => cosine(row(vectors, p.a, F), row(vectors, p.b, F)));
      const y = Float32Array.from(ps, (p) => p.same);
      return [s, { a: Int32Array.from(ps, (p) => p.a), b: Int32Array.from(ps, (p) => p.b), sI, y }];
    }),
  ) as Record<PairSplit, { a: Int32Array; b: Int32Array; sI: Float32Array; y: Float32Array }>;
  const source = (s: PairSplit, target: 'residual' | 'direct'): PairBatchSource => ({
    profiles,
    dim: CHAR_DIM,
    a: split[s].a,
    b: split[s].b,
    // y ∈ {0, 1}: the coding the reference's code uses (its θ grid over (0.1, 1] needs it); docs/authorship.md
    target: target === 'direct' ? split[s].y : split[s].y.map((y, i) => y - split[s].sI[i]),
  });
  const rc = { code: config.code, dropout: config.dropout, epochs: config.epochs, batch: config.batch, lr: config.lr, weightDecay: config.weightDecay, seed: config.seed };
  const residual = await trainResidual(source('train', 'residual'), source('dev', 'residual'), rc, { signal: hooks.signal, onEpoch: (e, n, l) => hooks.onStage?.('residual', e / n, { devLoss: l }) });
  const neural = await trainResidual(source('train', 'direct'), source('dev', 'direct'), { ...rc, seed: config.seed + 1 }, { signal: hooks.signal, onEpoch: (e, n, l) => hooks.onStage?.('neuralOnly', e / n, { devLoss: l }) });

  hooks.onStage?.('score', 0);
  const predict = async (m: ResidualModel, s: PairSplit) => predictResidual(m, { profiles, dim: CHAR_DIM, a: split[s].a, b: split[s].b });
  const rTrain = await predict(residual, 'train');
  const rTest = await predict(residual, 'test');
  const nTrain = await predict(neural, 'train');
  const nTest = await predict(neural, 'test');
  const sum = (a: Float32Array, b: Float32Array) => a.map((x, i) => x + b[i]);

  const system = (trainScores: Float32Array, testScores: Float32Array) => {
    const { theta } = sweepTheta(trainScores, split.train.y);
    const slope = fitSlope(trainScores, split.train.y, theta);
    return { theta, slope, metrics: verificationMetrics(testScores, split.test.y, theta, slope) };
  };
  const interpretable = system(split.train.sI, split.test.sI);
  const residualized = system(sum(split.train.sI, rTrain), sum(split.test.sI, rTest));
  const neuralOnly = system(nTrain, nTest);
  const faith = faithfulness(split.test.sI, rTest, residualized.theta, interpretable.theta);
  hooks.onStage?.('score', 1);

  const pick = (m: AuthorshipMetrics): AuthorshipMetrics => m;
  return {
    info: {
      texts: texts.length,
      authors: new Set(texts.map((t) => t.author)).size,
      config,
      pairs: { train: sets.train.length, dev: sets.dev.length, test: sets.test.length },
      thresholds: { interpretable: interpretable.theta, residualized: residualized.theta, neuralOnly: neuralOnly.theta },
      slopes: { interpretable: interpretable.slope, residualized: residualized.slope, neuralOnly: neuralOnly.slope },
      models: { interpretable: pick(interpretable.metrics), residualized: pick(residualized.metrics), neuralOnly: pick(neuralOnly.metrics) },
      faithfulness: faith,
      unavailableFamilies: UNAVAILABLE_FAMILIES,
      features: F,
      residual: { bestEpoch: residual.bestEpoch, devLoss: residual.devLoss, seconds: residual.seconds },
      neuralOnly: { bestEpoch: neural.bestEpoch, devLoss: neural.devLoss, seconds: neural.seconds },
      seconds: (performance.now() - started) / 1000,
    },
    texts: [...texts],
    pairs: sets,
    vectors,
    charStats,
    residual,
    neural,
    test: { sI: split.test.sI, rHat: rTest, neural: nTest },
  };
}
