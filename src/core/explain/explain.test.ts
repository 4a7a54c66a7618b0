import { describe, expect, it } from 'vitest';
import { generateGames, othelloBsps, type OthelloGames } from '../games/othello';
import { Rng } from '../io/rng';
import { othelloLab } from './boardLab';
import { column } from './pool';
import { decide, shouldConclude, type TestOutcome } from './decide';
import { activatingExamples, sageHeldOut, windowOf } from './exemplars';
import { explainFeature, type ExplainDomain } from './feature';
import { type BoardAtom, type BoardRows, boardAtomsFrom, boardLanguage } from './hypothesis/board';
import { and, atom, evaluate, type Pred, predKey, render } from './hypothesis/tree';
import { classify, detection, fuzzing, generativeScore, pearson, predictiveScore, rocAuc, tau } from './scores';

describe('scores (ALGORITHMS-DETAIL §6, by hand)', () => {
  it('τ is half the mean max of the top exemplars, 8 without any', () => {
    expect(tau([4, 2, 6])).toBeCloseTo(2); // mean 4, half 2
    expect(tau([])).toBe(8);
    expect(generativeScore([1, 2, 3, 4], 2.5)).toBe(0.5);
    expect(generativeScore([], 1)).toBe(0);
  });

  it('Pearson r pools every token of every held-out example', () => {
    // acts [0, 5, 10 | 0, 10]: scaled by max 10 → same; truth [0,1,1 | 0,1] × typical 5
    const acts = Float32Array.from([0, 5, 10, 0, 10]);
    const truth = Uint8Array.from([0, 1, 1, 0, 1]);
    const ex = [{ center: 2, rows: [0, 1, 2], max: 10 }, { center: 4, rows: [3, 4], max: 10 }];
    // by hand: x = [0,5,10,0,10], mean 5; y = [0,1,1,0,1], mean 0.6;
    // sxy = (-5)(-0.6)+0+5(0.4)+(-5)(-0.6)+5(0.4) = 3+2+3+2 = 10; sxx = 25+0+25+25+25 = 100; syy = 0.36·2+0.16·3 = 1.2
    expect(predictiveScore(ex, acts, truth, 5, 10)).toBeCloseTo(10 / Math.sqrt(100 * 1.2), 10);
    // pooling is not the mean of per-example r
    expect(pearson([1, 2, 3], [1, 1, 1])).toBe(0);
  });

  it('balanced accuracy at 0.5 and ROC-AUC with ties counted half', () => {
    const labels = [true, true, true, false, false];
    const p = [0.9, 0.6, 0.2, 0.6, 0.1];
    const c = classify(labels, p);
    // TPR 2/3, TNR 1/2 → 7/12
    expect(c.balancedAccuracy).toBeCloseTo(7 / 12, 12);
    // pairs: 0.9>0.6,0.9>0.1, 0.6=0.6 (½), 0.6>0.1, 0.2<0.6, 0.2>0.1 → 4.5/6
    expect(rocAuc(labels, p)).toBeCloseTo(4.5 / 6, 12);
    expect(c.precision).toBeCloseTo(2 / 3);
  });

  it('detection judges a window by any token; fuzzing highlights ≥ 0.3 × the example max', () => {
    const acts = Float32Array.from([0, 1, 10, 0, 0, 0]);
    const truth = Uint8Array.from([0, 0, 1, 0, 1, 0]);
    const activating = [{ center: 2, rows: [0, 1, 2], max: 10 }];
    const non = [{ center: 4, rows: [3, 4, 5], max: 0 }];
    expect(detection(activating, non, truth).balancedAccuracy).toBe(0.5); // both judged activating
    // activating highlights only row 2 (1 < 0.3·10): p = 1; non-activating highlights
    // ceil(mean nonzero = 2) = 2 rows picked [3, 5] → p = 0
    const f = fuzzing(activating, non, acts, truth, () => [3, 5]);
    expect(f.balancedAccuracy).toBe(1);
    expect(f.auc).toBe(1);
  });

  it('SAGE held-out draw skips the top 10 and takes 4/3/3 from the rank bands', () => {
    const ranked = Array.from({ length: 100 }, (_, i) => i);
    const got = sageHeldOut(ranked, new Rng(1));
    expect(got).toHaveLength(10);
    expect(got.slice(0, 4).every((i) => i >= 10 && i < 40)).toBe(true);
    expect(got.slice(4, 7).every((i) => i >= 40 && i < 70)).toBe(true);
    expect(got.slice(7).every((i) => i >= 70)).toBe(true);
  });

  it('windows stay inside one sequence', () => {
    const seq = [0, 0, 0, 1, 1, 1, 1];
    expect(windowOf(seq, 1, 4)).toEqual([0, 1, 2]);
    expect(windowOf(seq, 5, 2)).toEqual([4, 5]);
    const acts = Float32Array.from([1, 3, 0, 0, 2, 0, 0]);
    expect(activatingExamples(acts, seq, [0, 1, 2, 3, 4, 5, 6], 3).map((e) => e.center)).toEqual([1, 4]);
  });
});

describe('SAGE decision rules (§6.1)', () => {
  const t = (kind: TestOutcome['kind'], verdict: TestOutcome['verdict']): TestOutcome => ({ kind, verdict, rate: 0 });
  it('confirms on 1 positive + 1 negative control, refutes on 2 consistent, refines weak, never UNCHANGED after 2', () => {
    expect(decide([])).toBe('PENDING');
    expect(decide([t('positive', 'support')])).toBe('UNCHANGED');
    expect(decide([t('positive', 'weak')])).toBe('REFINED');
    expect(decide([t('positive', 'support'), t('negative', 'support')])).toBe('CONFIRMED');
    expect(decide([t('positive', 'support'), t('positive', 'support')])).toBe('CONFIRMED');
    expect(decide([t('positive', 'contradict'), t('negative', 'contradict')])).toBe('REFUTED');
    expect(decide([t('positive', 'support'), t('negative', 'contradict')])).toBe('REFINED');
    expect(decide([t('positive', 'support'), t('negative', 'weak')])).toBe('REFINED');
  });
  it('stops at 14 rounds, concludes from round 12 with nothing pending and ≥ 8 tests', () => {
    expect(shouldConclude(14, ['PENDING'], 0)).toBe(true);
    expect(shouldConclude(11, ['CONFIRMED'], 11)).toBe(false);
    expect(shouldConclude(12, ['CONFIRMED', 'PENDING'], 12)).toBe(false);
    expect(shouldConclude(12, ['CONFIRMED', 'REFUTED'], 7)).toBe(false);
    expect(shouldConclude(12, ['CONFIRMED', 'REFUTED'], 8)).toBe(true);
  });
});

/** Positions of generated games with a planted feature 0 = 3 where the true predicate holds (feature 1: noise). */
function plantedEncoder(planted: Pred<BoardAtom>) {
  return async (games: OthelloGames) => {
    const b = othelloBsps(games, { maxPlies: 59 });
    const rows: BoardRows = { rows: b.game.length, game: b.game, ply: b.ply, families: b.families };
    const t = evaluate(planted, boardLanguage(rows));
    const rowStart = new Uint32Array(rows.rows + 1);
    const index: number[] = [];
    const value: number[] = [];
    for (let r = 0; r < rows.rows; r++) {
      if (t[r]) {
        index.push(0);
        value.push(3);
      }
      if (r % 3 === 0) {
        index.push(1);
        value.push(0.5);
      }
      rowStart[r + 1] = index.length;
    }
    return { rows, codes: { rowStart, index: Uint32Array.from(index), value: Float32Array.from(value), features: 2 } };
  };
}

describe('explaining a planted board feature', () => {
  it('recovers the true predicate exactly, scoring at least the single-atom baseline', async () => {
    // a8 empty (mine_yours class 1 at square 7) AND the move on row c
    const planted = and<BoardAtom>(atom({ kind: 'cell', family: 'mine_yours', cell: 7 * 3 + 1 }), atom({ kind: 'moveLine', axis: 'row', index: 2 }));
    const encode = plantedEncoder(planted);
    const data = await encode(generateGames(60, 11));
    const lang = boardLanguage(data.rows);
    const domain: ExplainDomain<BoardAtom> = {
      kind: 'board', rows: data.rows.rows, seqOf: data.rows.game, exampleLength: 8, lang,
      atomsFrom: (ex) => boardAtomsFrom(data.rows, ex),
      lab: othelloLab(encode, { seed: 5, gamesPerStep: 32, maxGames: 128 }),
    };
    const acts = column(data.codes, 0);
    const baseline = atom<BoardAtom>({ kind: 'moveLine', axis: 'row', index: 2 });
    const result = await explainFeature(domain, 0, acts, baseline, 3);
    expect(predKey(result.pred, lang)).toBe(predKey(planted, lang));
    expect(result.explanation.split(' AND ').sort()).toEqual(render(planted, lang).split(' AND ').sort());
    expect(render(planted, lang)).toBe('a8 is empty AND the move was on row c');
    expect(result.scores.generative).toBe(1);
    expect(result.scores.predictive).toBeCloseTo(1, 6);
    expect(result.scores.detection).toBeGreaterThanOrEqual(result.baseline.scores.detection);
    expect(result.log.hypotheses.length).toBeGreaterThanOrEqual(4);
    expect(result.log.hypotheses.some((h) => h.control && h.status !== 'CONFIRMED')).toBe(true);
    expect(result.log.rounds).toBeGreaterThanOrEqual(12);
    expect(result.log.rounds).toBeLessThanOrEqual(14);
  });
});
