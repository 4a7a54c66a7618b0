import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../io/rng';
import { writeNpy } from '../../data/npy';
import { contributions, pairAttribution, reward } from './attribution';
import { pairwiseAccuracy } from './evaluate';
import { fitSarm } from './fit';
import { parsePreferencePairs, readPreferencePairs } from './pairs';
import { initSarmSae, phiFromPre } from './sarm';
import { chosenActivity, contrastScores, MIN_TARGET_COVERAGE, pickShiftFeatures } from './candidates';
import { COMPLEMENT_RATIO_BOUND, applyEdits, parseEdits, preferenceShift } from './shift';
import { standardiseRows } from './standardise';
import { readPairStates } from './states';
import { plantedPairs } from './testing';
import { RewardConfig, splitByPrompt, trainRewardModel } from './train';

let tmp: string;
beforeAll(async () => (tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reward-'))));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe('preference pairs', () => {
  it('splits HH-RLHF transcripts at the last assistant turn, and reads the shipped split form', async () => {
    const [pair] = parsePreferencePairs(JSON.stringify({ chosen: '\n\nHuman: hi\n\nAssistant: hello there', rejected: '\n\nHuman: hi\n\nAssistant: go away' }), 'f.jsonl').pairs;
    expect(pair).toMatchObject({ id: '0', prompt: 'Human: hi\n\nAssistant:', chosen: 'hello there', rejected: 'go away', category: null });
    // ../shared/data/preferences (Anthropic HH-RLHF harmless-base test split, MIT)
    const shipped = await readPreferencePairs(path.resolve('../shared/data/preferences/hh_rlhf_harmless_base_test_split.jsonl'));
    expect(shipped.pairs).toHaveLength(2308);
    expect(shipped.skipped).toEqual([87, 517, 926, 1104].map((line) => ({ line, row: line - 1, reason: '"chosen" is empty' })));
    expect(shipped.pairs[0].id).toBe('0');
  });

  it('names the file and line of a bad pair', () => {
    const bad = (line: string) => () => parsePreferencePairs(`{"prompt":"p","chosen":"a","rejected":"b"}\n${line}`, 'prefs.jsonl');
    expect(bad('{"prompt":"p","chosen":"a"}')).toThrow(/no "rejected" \(prefs\.jsonl: line 2\)/);
    expect(bad('{"prompt":"p","chosen":"same","rejected":"same"}')().skipped).toEqual([{ line: 2, row: 1, reason: '"chosen" and "rejected" are the same text' }]);
    expect(bad('{"prompt":"p","chosen":"  ","rejected":"b"}')().skipped).toEqual([{ line: 2, row: 1, reason: '"chosen" is empty' }]);
    expect(bad('{"id":"0","prompt":"p","chosen":"a","rejected":"c"}')).toThrow(/the id "0" appears twice \(prefs\.jsonl: line 2\)/);
    expect(() => parsePreferencePairs('{"prompt":"p","chosen":"","rejected":"b"}', 'e.jsonl')).toThrow(/every line was left out \(line 1: "chosen" is empty\)/);
    expect(bad('[1]')).toThrow(/JSON object \(prefs\.jsonl: line 2\)/);
    expect(bad('{"chosen":"x","rejected":"y"}')).toThrow(/not two transcripts/);
    expect(() => parsePreferencePairs('\n', 'e.jsonl')).toThrow(/no preference pairs/);
  });
});

describe('SARM maths', () => {
  it('standardises each row by its mean and unbiased std plus 1e-6, as the reference', () => {
    // row [1, 2, 3, 6]: mean 3, unbiased var (4 + 1 + 0 + 9)/3 = 14/3
    const out = standardiseRows(Float32Array.of(1, 2, 3, 6), 4);
    const std = Math.sqrt(14 / 3) + 1e-6;
    expect(Array.from(out)).toEqual([-2 / std, -1 / std, 0, 3 / std].map(Math.fround));
  });

  it('attributes a reward exactly: contributions w_i·φ_i sum to r, and a pair margin to r_c − r_r', () => {
    const w = Float32Array.of(0.5, -2, 0, 1);
    const phi = Float32Array.of(2, 1, 7, -3);
    expect(reward(w, phi)).toBe(0.5 * 2 - 2 * 1 + 0 - 3);
    const parts = contributions(w, phi);
    expect(parts.map((c) => c.feature)).toEqual([3, 1, 0]);
    expect(parts.reduce((s, c) => s + c.contribution, 0)).toBe(reward(w, phi));
    const pair = pairAttribution(w, phi, Float32Array.of(0, 0, 0, 0));
    expect(pair.margin).toBe(reward(w, phi));
  });

  it('keeps the k largest pre-activations, negative ones included, for φ = TopK(z)', () => {
    const z = Float32Array.of(-1, -5, -2, -0.5, /* row 2 */ 3, 1, 2, 0);
    expect(Array.from(phiFromPre(z, 4, 2, 'post'))).toEqual([-1, 0, 0, -0.5, 3, 0, 2, 0]);
    expect(phiFromPre(z, 4, 2, 'pre')).toBe(z);
  });

  it('computes s_i = (C_i − J_i)/(C_i + J_i + mean(C + J)) by hand', () => {
    // two pairs, three features: C = [3, 0, 1], J = [1, 2, 1]; C + J = [4, 2, 2], mean 8/3
    const rows: Record<string, Float32Array> = { '0,0': Float32Array.of(1, 0, 1), '0,1': Float32Array.of(1, 1, 0), '1,0': Float32Array.of(2, 0, 0), '1,1': Float32Array.of(0, 1, 1) };
    const s = contrastScores((p, side) => rows[`${p},${side}`], [0, 1], 3);
    expect(s[0]).toBeCloseTo(2 / (4 + 8 / 3), 12);
    expect(s[1]).toBeCloseTo(-2 / (2 + 8 / 3), 12);
    expect(s[2]).toBeCloseTo(0, 12);
  });

  it('picks features by the complement ratio an edit of each would give, among those that separate on the target and cover a tenth of it', () => {
    // pairs 0, 1 the target, 2, 3 the complement; rows are TopK latents [chosen, rejected]
    const rows: Record<string, Float32Array> = {
      '0,0': Float32Array.of(2, 1, 0), '0,1': Float32Array.of(0, 0, 0),
      '1,0': Float32Array.of(2, 0, 1), '1,1': Float32Array.of(1, 0, 0),
      '2,0': Float32Array.of(1, 0, 1), '2,1': Float32Array.of(1, 0, 1),
      '3,0': Float32Array.of(1, 0, 0), '3,1': Float32Array.of(1, 0, 1),
    };
    const latent = (p: number, side: 0 | 1) => rows[`${p},${side}`];
    // target: C = [4, 1, 1], J = [1, 0, 0], mean(C + J) = 7/3; complement: C = [2, 0, 1], J = [2, 0, 2], mean 7/3
    const s = contrastScores(latent, [0, 1], 3);
    const t = contrastScores(latent, [2, 3], 3);
    expect(s[0]).toBeCloseTo(9 / 22, 12);
    expect(s[1]).toBeCloseTo(3 / 10, 12);
    expect(s[2]).toBeCloseTo(3 / 10, 12);
    expect(Array.from(t.subarray(0, 2))).toEqual([0, 0]);
    expect(t[2]).toBeCloseTo(-3 / 16, 12);
    // mean |latent| per chosen answer and the share of chosen answers it fires on; per answer, so a domain's size does not matter
    const on = chosenActivity(latent, [0, 1], 3);
    const off = chosenActivity(latent, [2, 3], 3);
    expect(Array.from(on.activity)).toEqual([2, 0.5, 0.5]);
    expect(Array.from(on.frequency)).toEqual([1, 0.5, 0.5]);
    expect(Array.from(off.activity)).toEqual([1, 0, 0.5]);
    expect(Array.from(chosenActivity(latent, [2, 3, 2, 3], 3).activity)).toEqual(Array.from(off.activity));
    // a_C/a_T: feature 1 fires on the target only (0), feature 0 as half as much off it (1/2), feature 2 as much (1) —
    // feature 0 separates best (largest s) but is not first
    const picked = pickShiftFeatures(s, t, on, off, Float32Array.of(1, 1, 1), 3);
    expect(picked.map((c) => c.feature)).toEqual([1, 0, 2]);
    expect(picked.map((c) => c.predictedRatio)).toEqual([0, 0.5, 1]);
    expect(picked[1].specificity).toBeCloseTo(1 / 3, 12);
    expect(picked[0].coverage).toBe(0.5);
    // the prediction is what the shift measures: × 2 on feature 0 moves target chosen rewards by 2, the rest's by 1
    const shift = preferenceShift(Float32Array.of(1, 1, 1), latent, 4, (p) => p < 2, parseEdits('{"0": ["*", 2]}', 3));
    expect(shift.complementRatio).toBe(picked[1].predictedRatio);
    // never a candidate: a negative weight (× v > 1 would narrow the margin), s ≤ |t|, or firing on under a tenth of the target's chosen answers
    expect(pickShiftFeatures(s, t, on, off, Float32Array.of(1, -0.5, 1), 3).map((c) => c.feature)).toEqual([0, 2]);
    expect(pickShiftFeatures(s, Float64Array.of(0, 0, 0.5), on, off, Float32Array.of(1, 1, 1), 3).map((c) => c.feature)).toEqual([1, 0]);
    expect(MIN_TARGET_COVERAGE).toBe(0.1);
    const rare = { activity: on.activity, frequency: Float64Array.of(1, 0.09, 0.1) };
    expect(pickShiftFeatures(s, t, rare, off, Float32Array.of(1, 1, 1), 3).map((c) => c.feature)).toEqual([0, 2]);
  });

  it('edits features with + and ×, re-scores, and counts the pairs that flip', () => {
    const edits = parseEdits('{"1": ["*", 3], "2": ["+", 1]}', 3);
    expect(Array.from(applyEdits(Float32Array.of(1, 2, 3), edits))).toEqual([1, 6, 4]);
    // on dense pre-activations the edit follows the TopK latent: feature 1 is not active (latent 0), feature 2 is
    expect(Array.from(applyEdits(Float32Array.of(1, 2, 3), edits, Float32Array.of(1, 0, 3)))).toEqual([1, 2, 4]);
    expect(Array.from(applyEdits(Float32Array.of(1, 2, -0.5), parseEdits('{"2": ["*", 3]}', 3), Float32Array.of(0, 0, 0.5)))).toEqual([1, 2, 0.5]);
    expect(() => parseEdits('{"9": ["*", 2]}', 3)).toThrow(/feature 9 is outside the SAE's 3 features/);
    expect(() => parseEdits('{"1": ["/", 2]}', 3)).toThrow(/--edit: 1/);
    const w = Float32Array.of(1, -1, 0);
    const rows: Record<string, Float32Array> = { '0,0': Float32Array.of(1, 0, 0), '0,1': Float32Array.of(0, 0, 0), '1,0': Float32Array.of(1, 0.5, 0), '1,1': Float32Array.of(0.6, 0, 0) };
    const shift = preferenceShift(w, (p, s) => rows[`${p},${s}`], 2, (p) => p === 1, parseEdits('{"1": ["*", 3]}', 3));
    // pair 1 chosen: 1 − 0.5 = 0.5 → 1 − 1.5 = −0.5 (Δ −1), rejected unchanged: 0.5 > 0.6 was false already… margin −0.1 → −1.1
    expect(shift.target).toEqual({ chosenMeanDelta: -1, rejectedMeanDelta: 0, chosenMeanAbsDelta: 1, rejectedMeanAbsDelta: 0, pairs: 1 });
    expect(shift.complement).toEqual({ chosenMeanDelta: 0, rejectedMeanDelta: 0, chosenMeanAbsDelta: 0, rejectedMeanAbsDelta: 0, pairs: 1 });
    expect(shift.complementRatio).toBe(0);
    expect(shift.nearlyUnchanged).toBe(true);
    expect(shift.flips).toBe(0);
    const flip = preferenceShift(w, (p, s) => rows[`${p},${s}`], 2, () => true, parseEdits('{"0": ["*", 0]}', 3));
    expect(flip.flips).toBe(1);
  });

  it('holds the complement to a fifth of the target\'s chosen move, per pair in absolute value', () => {
    // one feature, w = 1, edit × 2: a response's reward moves by its latent. Target pairs 0, 1:
    // chosen latents 2 and 3 (mean |Δ| 2.5); complement pairs 2, 3: chosen latents +0.5 and −0.5
    // (signed mean 0, which would hide the move) → ratio 0.5 / 2.5 = 0.2, at the bound: nearly
    // unchanged. Pair 3's chosen latent −1 instead → (0.5 + 1)/2 / 2.5 = 0.3: not.
    const run = (c3: number) => {
      const chosen = [2, 3, 0.5, c3];
      return preferenceShift(Float32Array.of(1), (p, side) => Float32Array.of(side === 0 ? chosen[p] : 0.1), 4, (p) => p < 2, parseEdits('{"0": ["*", 2]}', 1));
    };
    const at = run(-0.5);
    expect(at.complement.chosenMeanDelta).toBe(0);
    expect(at.complement.chosenMeanAbsDelta).toBe(0.5);
    expect(at.complementRatio).toBe(0.2);
    expect(COMPLEMENT_RATIO_BOUND).toBe(0.2);
    expect(at.nearlyUnchanged).toBe(true);
    const over = run(-1);
    expect(over.complementRatio).toBeCloseTo(0.3, 12);
    expect(over.nearlyUnchanged).toBe(false);
    // an edit that never fires on the target's chosen answers has no ratio, and does not pass
    const still = preferenceShift(Float32Array.of(1, 1), (p) => Float32Array.of(p < 1 ? 0 : 1, 1), 2, (p) => p < 1, parseEdits('{"0": ["*", 2]}', 2));
    expect(still.complementRatio).toBeNull();
    expect(still.nearlyUnchanged).toBe(false);
  });

  it('starts the head at zero: the first Bradley–Terry loss is log 2 whatever the data', async () => {
    const d = 4;
    const rng = new Rng(3);
    const rows = (n: number) => Float32Array.from({ length: n * d }, () => rng.normal());
    const sae = initSarmSae(d, 8, 2, new Float32Array(d), 1);
    const losses: number[] = [];
    await fitSarm({ d, m: 8, k: 2, pairs: 4, tokens: 4, phi: 'pre', mode: 'head', lambdaRec: 1, l1: 0 }, sae, { chosen: rows(4), rejected: rows(4), pairs: 4, tokens: null }, { steps: 1, lr: 0.1, seed: 1, onProgress: (_, t) => losses.push(t.bt) });
    expect(losses[0]).toBeCloseTo(Math.log(2), 6);
  });
});

describe('training on states with a planted preference', () => {
  // Chosen responses carry +u along a direction u, rejected ones −u, under noise: every head that
  // can read u should rank nearly all held-out pairs right; response length carries no signal.
  const P = 240;
  const d = 16;
  const planted = () => plantedPairs(P, d);

  it('keeps prompts within one split', () => {
    const { pairs } = planted();
    const split = splitByPrompt(pairs, 0.25, 4);
    const testPrompts = new Set(split.test.map((p) => pairs[p].prompt));
    expect(split.train.some((p) => testPrompts.has(pairs[p].prompt))).toBe(false);
    expect(split.train.length + split.test.length).toBe(P);
  });

  it('reads [pairs, 2, d] states from .npy, then the SAE head and the dense head beat length on the held-out pairs', async () => {
    const { pairs, last } = planted();
    const file = path.join(tmp, 'states.npy');
    await writeNpy(file, last, [P, 2, d]);
    const states = await readPairStates(file, P);
    await expect(readPairStates(file, P + 1)).rejects.toThrow(/hold 240 pairs but the preference file has 241/);
    const config = RewardConfig.parse({ width: 32, k: 4, saeSteps: 60, headSteps: 150, batchPairs: 32, batchTokens: 64, headLr: 0.02, saeLr: 0.01 });
    const result = await trainRewardModel(pairs, states, config);
    expect(result.models.saeHead.accuracy).toBeGreaterThan(0.9);
    expect(result.models.denseHead.accuracy).toBeGreaterThan(0.9);
    expect(result.models.length.accuracy).toBeLessThan(0.7);
    expect(result.models.saeHead.accuracyLow).toBeLessThanOrEqual(result.models.saeHead.accuracy);
    expect(Object.keys(result.models.saeHead.byCategory!)).toEqual(expect.arrayContaining(['odd', 'even']));
    expect(pairwiseAccuracy(result.scores.chosen, result.scores.rejected, result.split.test)).toBe(result.models.saeHead.accuracy);
  });
});
