import { ARCH_NAMES } from '../sae/arch/registry';
import { beforeAll, describe, expect, it } from 'vitest';
import { OTHELLO_HEADLINE } from '../evals/board/evaluate';
import { splitPositionsByGame } from '../evals/board/evaluate';
import { generateGames, othelloBsps } from '../games/othello';
import { Rng } from '../io/rng';
import { forward } from '../sae/checkpoint/forward';
import type { Sae } from '../sae/checkpoint/sae';
import { parseTrainConfig } from '../sae/train/config';
import { neuronBasis, randomDictionary, saeFeatures } from './baselines';
import { evaluateFeatures, type HeldOut } from './evaluate';
import { DEMO_STAGES, type StageEvent, StageReporter } from './progress';
import { DEMO_PLANS } from './sizes';
import { controlSweep, demoSweep } from './sweep';

/** Real positions: seeded random Othello games and their headline board family. */
function boardPositions(games: number) {
  const bsps = othelloBsps(generateGames(games, 7), { families: [OTHELLO_HEADLINE] });
  const fam = bsps.families[0];
  const { train, test } = splitPositionsByGame(bsps.game, Math.floor(games / 2));
  return { fam, train, test, rows: bsps.game.length };
}

describe('demo evaluation', () => {
  it('scores features that are the board cells themselves as perfect classifiers', async () => {
    // x = the one-hot board: each "neuron" is exactly one (square, class) cell.
    const { fam, train, test, rows } = boardPositions(60);
    const d = 192;
    const x = Float32Array.from(fam.data);
    const data: HeldOut = { x, d, rows, families: [fam], train, test };
    const e = await evaluateFeatures(neuronBasis(d), data, OTHELLO_HEADLINE);
    expect(e.core.fvu).toBe(0);
    // L0 = discs on the board per position, which is never below 5 after the first move
    let ones = 0;
    for (const v of fam.data) ones += v;
    expect(e.core.l0).toBeCloseTo(ones / rows, 10);
    // Every cell with a positive on train is found with F1 = 1; blanks are masked, so the
    // paper's denominator of 192 cells caps coverage at the 128 non-blank cells (2/3).
    // (within the 1e-8 the reference adds to F1's denominators)
    expect(e.headline.coveragePositive).toBeCloseTo(1, 6);
    expect(e.headline.coverage).toBeCloseTo(2 / 3, 6);
    // Each feature is a precision-1 classifier of its own cell, so the board comes back whole.
    expect(e.headline.reconstruction).toBeCloseTo(1, 6);
  });

  it('gives random features far lower board scores than the true cells', async () => {
    const { fam, train, test, rows } = boardPositions(60);
    const rng = new Rng(3);
    const x = Float32Array.from({ length: rows * 16 }, () => rng.normal());
    const map = saeFeatures(await randomDictionary(x, 16, 64, 5));
    const e = await evaluateFeatures(map, { x, d: 16, rows, families: [fam], train, test }, OTHELLO_HEADLINE).finally(() => map.dispose());
    expect(e.headline.coveragePositive).toBeLessThan(0.5);
    // no random direction is a ≥ 0.95-precision classifier of any cell: nothing is labelled
    expect(e.headline.reconstruction).toBeLessThan(0.05);
  });
});

describe('random dictionary baseline', () => {
  const d = 12;
  const rows = 500;
  const rng = new Rng(11);
  const x = Float32Array.from({ length: rows * d }, (_, i) => rng.normal() * (1 + (i % d)) + 0.5);
  let sae: Sae;
  beforeAll(async () => {
    sae = await randomDictionary(x, d, 48, 2);
  });

  it('has unit-norm random directions (before its one scale), encoder = decoderᵀ and b_dec = the mean', () => {
    const norms = Array.from({ length: 48 }, (_, i) => Math.hypot(...sae.W_dec.subarray(i * d, (i + 1) * d)));
    for (const n of norms) expect(n).toBeCloseTo(norms[0], 5);
    expect(sae.W_enc[3 * 48 + 7]).toBeCloseTo(sae.W_dec[7 * d + 3] / norms[0], 6);
    const mean0 = Array.from({ length: rows }, (_, r) => x[r * d]).reduce((a, b) => a + b, 0) / rows;
    expect(sae.b_dec[0]).toBeCloseTo(mean0, 5);
  });

  it('scales its decoder to the least-squares optimum: any other scale reconstructs worse', () => {
    const err = (scale: number) => {
      const scaled = { ...sae, W_dec: sae.W_dec.map((v) => v * scale) };
      const { xHat } = forward(scaled, x);
      return xHat.reduce((s, v, i) => s + (x[i] - v) ** 2, 0);
    };
    const best = err(1);
    expect(err(1.02)).toBeGreaterThan(best);
    expect(err(0.98)).toBeGreaterThan(best);
    // and never worse than reconstructing the mean alone (scale 0)
    expect(best).toBeLessThan(err(0));
  });
});

describe('demo sweep', () => {
  it('trains the random-weights control at the middle ReLU-L1 setting (λ = 1.5·rms) whatever the number of levels', () => {
    for (const plan of Object.values(DEMO_PLANS)) {
      const [control] = controlSweep(demoSweep(plan, 2, 64));
      expect(control.arch).toBe('relu');
      expect(control.whitening).toBeNull();
      expect(control.archConfig.l1Coefficient).toBe(3);
      expect(control.name).toBe('relu-l1 λ=3 on the random-weights model');
    }
  });

  it('holds every architecture (Gated and plain L1 included), ReLU-L1, plain L1 and p-annealing at several levels, whitening on for ReLU-L1 and TopK, and every config parses', () => {
    for (const plan of Object.values(DEMO_PLANS)) {
      const sweep = demoSweep(plan, 2.5, 64);
      expect(new Set(sweep.map((e) => e.arch))).toEqual(new Set(ARCH_NAMES));
      expect(sweep.filter((e) => e.whitening).map((e) => e.arch)).toEqual(['relu', 'topk']);
      expect(new Set(sweep.map((e) => e.name)).size).toBe(sweep.length);
      for (const arch of ['relu', 'l1', 'panneal']) expect(sweep.filter((e) => e.arch === arch && !e.whitening)).toHaveLength(plan.comparedLevels);
      expect(sweep).toHaveLength(3 * plan.comparedLevels + 6 + 2);
      expect(sweep.filter((e) => e.arch === 'topk' && !e.whitening).map((e) => e.archConfig.k)).toEqual([8, 16]);
      for (const e of sweep) expect(() => parseTrainConfig({ arch: e.arch, archConfig: e.archConfig, width: 256, whitening: e.whitening })).not.toThrow();
    }
  });

  it('scales L1-type penalties with the data RMS, the L0 penalty with its square, and a whitened run’s L1 penalty with its square', () => {
    const plan = DEMO_PLANS.tiny;
    const [a, b] = [demoSweep(plan, 1, 64), demoSweep(plan, 3, 64)];
    const coef = (s: typeof a, arch: string, key: string, whitened = false) => s.find((e) => e.arch === arch && !!e.whitening === whitened)!.archConfig[key] as number;
    expect(coef(b, 'relu', 'l1Coefficient') / coef(a, 'relu', 'l1Coefficient')).toBeCloseTo(3, 3);
    expect(coef(b, 'jumprelu', 'l0Coefficient') / coef(a, 'jumprelu', 'l0Coefficient')).toBeCloseTo(9, 3);
    expect(coef(b, 'jumprelu', 'bandwidth') / coef(a, 'jumprelu', 'bandwidth')).toBeCloseTo(3, 3);
    expect(coef(b, 'jumprelu', 'initThreshold')).toBe(coef(b, 'jumprelu', 'bandwidth'));
    expect(coef(b, 'l1', 'l1Coefficient') / coef(a, 'l1', 'l1Coefficient')).toBeCloseTo(3, 3);
    expect(coef(b, 'topk', 'k')).toBe(8);
    // the whitened ReLU-L1 run's loss is in the original space: λ = 1.5·rms²
    expect(coef(b, 'relu', 'l1Coefficient', true)).toBe(13.5);
    expect(coef(a, 'relu', 'l1Coefficient', true)).toBe(1.5);
  });
});

describe('stage progress', () => {
  it('reports each stage from its first event to a last one at 100%', () => {
    const events: StageEvent[] = [];
    const st = new StageReporter('train', (e) => events.push(e), 200, 'steps');
    st.update(50);
    st.finish('8 SAEs');
    expect(events.map((e) => [e.progress.step, e.done])).toEqual([[0, false], [50, false], [200, true]]);
    expect(events[2]).toMatchObject({ stage: 'train', index: DEMO_STAGES.indexOf('train') + 1, stages: DEMO_STAGES.length, title: 'SAE sweep', note: '8 SAEs' });
    expect(events[2].progress).toMatchObject({ unit: 'steps', total: 200, etaSeconds: 0 });
  });
});
