/**
 * Coverage and board reconstruction of any feature matrix against board-state families
 * (Karvonen et al. 2024; ALGORITHMS-DETAIL §1.3–1.5). The caller decides what the features are:
 * SAE codes, raw residual dimensions or MLP neurons, a random dictionary's codes — which is how
 * the baselines share one code path with the SAEs.
 */
import { StudioError } from '../../../shared/errors';
import type { BspFamily } from '../../games/family';
import { familyCells, familyPositions } from '../../games/family';
import { batchCounts, batchTops, cellTotals, positiveCells } from './counts';
import { CoverageAccumulator, type CoverageResult } from './coverage';
import { type FeatureLabels, LabelCollector, type LabelPrecisionRule, type ReconstructionResult, reconstructBoards } from './reconstruction';
import { type FeatureActivations, aliveFeatures, checkActivations, featureMaxima } from './activations';
import { N_THRESHOLDS, thresholdTable } from './thresholds';

export interface BoardEvalInput {
  /** dense or sparse; rows are positions */
  acts: FeatureActivations;
  /** families over the same positions as the activation rows */
  families: readonly BspFamily[];
  /** row indices of the train split (counts, coverage, labels) and of the test split (reconstruction) */
  train: Uint32Array;
  test: Uint32Array;
  /** how a label's 0.95 precision is compared: exactly (default) or in the reference's float32 arithmetic */
  labelPrecision?: LabelPrecisionRule;
  /** features per batch of train counts; by default the counts and the per-row threshold indices each stay near 64 MB */
  featureBatch?: number;
}

export interface FamilyBoardMetrics {
  family: string;
  coverage: CoverageResult;
  reconstruction: ReconstructionResult;
}

export interface BoardEvalResult {
  features: number;
  aliveFeatures: number;
  trainPositions: number;
  testPositions: number;
  /** mean features firing per test position at each threshold slot */
  l0PerSlot: number[];
  families: FamilyBoardMetrics[];
}

const BATCH_BUDGET_BYTES = 64 * 1024 * 1024;

export function evaluateBoardFeatures(input: BoardEvalInput): BoardEvalResult {
  const { acts, families, train, test } = input;
  const positions = checkInput(input);
  checkActivations(acts, positions);
  const maxima = featureMaxima(acts, train);
  const alive = aliveFeatures(acts.features, maxima.alive, thresholdTable(maxima.aMax, maxima.alive));

  const maxCells = Math.max(...families.map(familyCells));
  const batch = Math.max(1, input.featureBatch ?? Math.min(Math.floor(BATCH_BUDGET_BYTES / (4 * N_THRESHOLDS * maxCells)), Math.floor(BATCH_BUDGET_BYTES / train.length)));
  const positives = families.map((fam) => positiveCells(fam, train));
  const coverage = families.map((fam, f) => new CoverageAccumulator(fam, cellTotals(positives[f], familyCells(fam)), train.length));
  const collectors = families.map((fam) => new LabelCollector(familyCells(fam), input.labelPrecision));

  for (let from = 0; from < alive.ids.length; from += batch) {
    const to = Math.min(alive.ids.length, from + batch);
    const tops = batchTops(acts, train, alive, from, to);
    families.forEach((fam, f) => {
      const counts = batchCounts(tops, to - from, positives[f], familyCells(fam));
      coverage[f].add(counts, to - from);
      collectors[f].add(counts, to - from);
    });
  }

  const labels: FeatureLabels[] = collectors.map((c) => c.finish());
  const { results, l0PerSlot } = reconstructBoards(acts, test, alive, families, labels);
  return {
    features: acts.features,
    aliveFeatures: alive.ids.length,
    trainPositions: train.length,
    testPositions: test.length,
    l0PerSlot,
    families: families.map((fam, f) => ({ family: fam.name, coverage: coverage[f].result(), reconstruction: results[f] })),
  };
}

function checkInput({ families, train, test }: BoardEvalInput): number {
  if (families.length === 0) throw new StudioError('bad-input', 'no board-state family to evaluate', 'families');
  const positions = familyPositions(families[0]);
  for (const fam of families) {
    if (!Number.isInteger(familyPositions(fam)) || familyPositions(fam) !== positions) {
      throw new StudioError('shape', `family holds ${fam.data.length} values, not ${positions} positions × ${familyCells(fam)} cells`, fam.name);
    }
  }
  for (const [name, rows] of [['train', train], ['test', test]] as const) {
    if (rows.length === 0) throw new StudioError('bad-input', `the ${name} split is empty`, name);
    for (const r of rows) if (r >= positions) throw new StudioError('bad-input', `row ${r} is past the ${positions} positions`, name);
  }
  return positions;
}

/**
 * Train rows = positions of the first `trainGames` games, test rows = the rest (the reference
 * evaluates on 1000 train games and 1000 other games).
 */
export function splitPositionsByGame(game: Uint32Array, trainGames: number): { train: Uint32Array; test: Uint32Array } {
  const train: number[] = [];
  const test: number[] = [];
  game.forEach((g, row) => (g < trainGames ? train : test).push(row));
  return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
}

/** The paper's headline families (ALGORITHMS-DETAIL §1.5). */
export const OTHELLO_HEADLINE = 'mine_yours_blank_mask';
export const CHESS_LOW_LEVEL = 'piece_masked_blank_and_initial_state';

export interface FamilyAggregate {
  coverage: number;
  coveragePositive: number;
  /** chance-corrected coverage (coverage.ts): 0 for classifiers no better than "always on" */
  coverageAboveChance: number;
  reconstruction: number;
  families: number;
}

/**
 * Equal-weight mean of each family's best coverage and best reconstruction, as the paper
 * averages the chess "strategy" families. Families missing from the result are an error.
 */
export function aggregateFamilies(result: BoardEvalResult, names: readonly string[]): FamilyAggregate {
  const picked = names.map((name) => {
    const found = result.families.find((f) => f.family === name);
    if (!found) throw new StudioError('not-found', `family '${name}' was not evaluated`, name);
    return found;
  });
  const mean = (pick: (f: FamilyBoardMetrics) => number) => picked.reduce((s, f) => s + pick(f), 0) / picked.length;
  return {
    coverage: mean((f) => f.coverage.coverage),
    coveragePositive: mean((f) => f.coverage.coveragePositive),
    coverageAboveChance: mean((f) => f.coverage.coverageAboveChance),
    reconstruction: mean((f) => f.reconstruction.f1PerClass),
    families: picked.length,
  };
}
