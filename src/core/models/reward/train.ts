import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { Rng } from '../../io/rng';
import { reward } from './attribution';
import { accuracyReport, type AccuracyReport } from './evaluate';
import { fitSarm } from './fit';
import type { PreferencePair } from './pairs';
import { initSarmSae, phiFromPre, sarmPreActs, type SarmSae, type SarmStepConfig } from './sarm';
import { standardiseRows } from './standardise';
import type { PairStates } from './states';

/** Settings of a reward-model training (documented where declared, defaults as the reference where it has one). */
export const RewardConfig = z
  .object({
    /** SAE width m */
    width: z.number().int().positive().max(65_536).default(1024),
    /** TopK's k */
    k: z.number().int().positive().default(32),
    /** φ: pre-activations z (the paper's default) or TopK(z) */
    phi: z.enum(['pre', 'post']).default('pre'),
    /** 'head': BT on the head with the SAE frozen (mode 1); 'joint': SAE and head together (mode 2) */
    mode: z.enum(['head', 'joint']).default('head'),
    /** λ_rec of the joint mode; the reference uses 1 */
    lambdaRec: z.number().nonnegative().default(1),
    /** L1 on w (0: the reference's plain head) */
    l1: z.number().nonnegative().default(0),
    saeSteps: z.number().int().nonnegative().max(100_000).default(1500),
    headSteps: z.number().int().positive().max(100_000).default(1500),
    saeLr: z.number().positive().max(1).default(1e-3),
    headLr: z.number().positive().max(1).default(1e-3),
    /** pairs per head step */
    batchPairs: z.number().int().positive().max(4096).default(64),
    /** state rows per SAE step */
    batchTokens: z.number().int().positive().max(65_536).default(256),
    /** share of prompts held out for the test pairs */
    testFraction: z.number().gt(0).lt(1).default(0.2),
    seed: z.number().int().nonnegative().default(1),
  })
  .strict();
export type RewardConfig = z.output<typeof RewardConfig>;

export type ModelName = 'saeHead' | 'denseHead' | 'length' | 'topkHead';

export interface RewardTraining {
  config: RewardConfig;
  sae: SarmSae;
  /** the head over φ (the config's), [m] */
  w: Float32Array;
  /** the dense baseline's head over h̃, [d] */
  wDense: Float32Array;
  /** the post-TopK baseline's head, [m] */
  wTopk: Float32Array;
  split: { train: number[]; test: number[] };
  models: Record<ModelName, AccuracyReport>;
  /** r(chosen), r(rejected) of every pair under the SAE head */
  scores: { chosen: Float32Array; rejected: Float32Array };
  /** the SAE's normalised reconstruction error on the training rows at the end */
  saeRec: number;
  seconds: number;
}

export interface TrainHooks {
  onStage?: (stage: string, done: number, terms?: Record<string, number>) => void;
  signal?: AbortSignal;
}

/**
 * Splits pairs by prompt (pairs sharing a prompt stay together), seeded: the test split takes
 * whole prompts until it holds `testFraction` of the pairs.
 */
export function splitByPrompt(pairs: readonly PreferencePair[], testFraction: number, seed: number): { train: number[]; test: number[] } {
  const groups = new Map<string, number[]>();
  pairs.forEach((p, i) => groups.set(p.prompt, [...(groups.get(p.prompt) ?? []), i]));
  const keys = [...groups.keys()];
  const rng = new Rng(seed);
  for (let i = keys.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [keys[i], keys[j]] = [keys[j], keys[i]];
  }
  const test: number[] = [];
  const train: number[] = [];
  const want = Math.round(testFraction * pairs.length);
  for (const key of keys) (test.length < want ? test : train).push(...groups.get(key)!);
  if (train.length === 0 || test.length === 0) throw new StudioError('bad-input', `${pairs.length} pairs over ${keys.length} prompts are too few to hold some out`, 'pairs');
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

function rowsOf(all: Float32Array, d: number, pairs: readonly number[], side: 0 | 1): Float32Array {
  const out = new Float32Array(pairs.length * d);
  pairs.forEach((p, i) => out.set(all.subarray((p * 2 + side) * d, (p * 2 + side + 1) * d), i * d));
  return out;
}

/**
 * SARM on a set of pairs (ALGORITHMS-DETAIL §7): standardise the states, train the SAE on the
 * training responses' states, fit the head by Bradley–Terry (SAE frozen, or jointly), and score
 * every model — the SAE head, a dense head on the raw states, response length, and a head on the
 * post-TopK features — on the held-out prompts' pairs with bootstrap intervals.
 */
export async function trainRewardModel(pairs: readonly PreferencePair[], states: PairStates, config: RewardConfig, hooks: TrainHooks = {}): Promise<RewardTraining> {
  const started = performance.now();
  const { d } = states;
  const { width: m, k } = config;
  if (k > m) throw new StudioError('bad-input', `k=${k} exceeds the width ${m}`, 'k');
  if (states.pairs !== pairs.length) throw new StudioError('shape', `${states.pairs} pairs of states for ${pairs.length} preference pairs`, 'states');
  const split = splitByPrompt(pairs, config.testFraction, config.seed);
  const all = standardiseRows(states.last, d);
  const train = { chosen: rowsOf(all, d, split.train, 0), rejected: rowsOf(all, d, split.train, 1), pairs: split.train.length };
  const trainRows = states.tokens ? standardiseRows(tokenRowsOf(states.tokens, d, new Set(split.train)), d) : concatRows(train.chosen, train.rejected);

  const mean = new Float32Array(d);
  for (let r = 0; r * d < trainRows.length; r++) for (let j = 0; j < d; j++) mean[j] += trainRows[r * d + j] / (trainRows.length / d);
  const base = (mode: SarmStepConfig['mode'], phi: SarmStepConfig['phi'], width = m): SarmStepConfig => ({
    d, m: width, k: Math.min(k, width), pairs: Math.min(config.batchPairs, train.pairs), tokens: Math.min(config.batchTokens, trainRows.length / d), phi, mode, lambdaRec: config.lambdaRec, l1: config.l1,
  });
  const stage = (name: string) => (done: number, terms?: Record<string, number>) => hooks.onStage?.(name, done, terms);

  let sae = initSarmSae(d, m, k, mean, config.seed);
  let saeRec = NaN;
  if (config.saeSteps > 0) {
    const fit = await fitSarm(base('sae', config.phi), sae, { ...train, tokens: trainRows }, { steps: config.saeSteps, lr: config.saeLr, seed: config.seed, onProgress: stage('sae'), signal: hooks.signal });
    sae = fit.sae;
    saeRec = fit.terms.rec;
  }
  const head = await fitSarm(base(config.mode, config.phi), sae, { ...train, tokens: trainRows }, { steps: config.headSteps, lr: config.headLr, seed: config.seed + 1, onProgress: stage('head'), signal: hooks.signal });
  sae = head.sae;
  if (config.mode === 'joint') saeRec = head.terms.rec;
  const topk = await fitSarm(base('head', 'post'), sae, { ...train, tokens: null }, { steps: config.headSteps, lr: config.headLr, seed: config.seed + 2, onProgress: stage('topkHead'), signal: hooks.signal });
  const identity = identitySae(d);
  const dense = await fitSarm(base('head', 'pre', d), identity, { ...train, tokens: null }, { steps: config.headSteps, lr: config.headLr, seed: config.seed + 3, onProgress: stage('denseHead'), signal: hooks.signal });

  hooks.onStage?.('score', 0);
  const z = await sarmPreActs(sae, all);
  const scoresOf = (phiRows: Float32Array, w: Float32Array, width: number) => {
    const chosen = new Float32Array(pairs.length);
    const rejected = new Float32Array(pairs.length);
    for (let p = 0; p < pairs.length; p++) {
      chosen[p] = reward(w, phiRows.subarray(p * 2 * width, (p * 2 + 1) * width));
      rejected[p] = reward(w, phiRows.subarray((p * 2 + 1) * width, (p * 2 + 2) * width));
    }
    return { chosen, rejected };
  };
  const sarm = scoresOf(phiFromPre(z, m, k, config.phi), head.w!, m);
  const post = scoresOf(phiFromPre(z, m, k, 'post'), topk.w!, m);
  const raw = scoresOf(all, dense.w!, d);
  const length = { chosen: Float32Array.from(pairs, (p) => p.chosen.length), rejected: Float32Array.from(pairs, (p) => p.rejected.length) };
  const category = (p: number) => pairs[p].category;
  const report = (s: { chosen: Float32Array; rejected: Float32Array }) => accuracyReport(s.chosen, s.rejected, split.test, category, { seed: config.seed });
  hooks.onStage?.('score', 1);
  return {
    config,
    sae,
    w: head.w!,
    wDense: dense.w!,
    wTopk: topk.w!,
    split,
    models: { saeHead: report(sarm), denseHead: report(raw), length: report(length), topkHead: report(post) },
    scores: sarm,
    saeRec,
    seconds: (performance.now() - started) / 1000,
  };
}

/** The per-token rows of the given pairs' responses. */
function tokenRowsOf(tokens: NonNullable<PairStates['tokens']>, d: number, keep: ReadonlySet<number>): Float32Array {
  const rows: number[] = [];
  for (let r = 0; r < tokens.pair.length; r++) if (keep.has(tokens.pair[r])) rows.push(r);
  const out = new Float32Array(rows.length * d);
  rows.forEach((r, i) => out.set(tokens.rows.subarray(r * d, (r + 1) * d), i * d));
  return out;
}

function concatRows(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** E = I, b = 0: the "SAE" whose pre-activations are the standardised states themselves (the dense head's input). */
function identitySae(d: number): SarmSae {
  const E = new Float32Array(d * d);
  for (let i = 0; i < d; i++) E[i * d + i] = 1;
  return { d, m: d, k: d, E, bPre: new Float32Array(d), bLat: new Float32Array(d), D: Float32Array.from(E) };
}
