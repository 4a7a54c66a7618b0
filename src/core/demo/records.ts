/**
 * A table row of the demo report from an evaluation: the required columns first (what the
 * run is, L0, FVU, the headline board scores), then every other core and board metric.
 */
import type { RunRecord } from '../../shared/charts/runTable';
import type { Evaluation } from './evaluate';

export interface RecordIdentity {
  run: string;
  kind: 'sae' | 'baseline';
  arch: string;
  width: number;
  /** the run's folder id in the project; null for baselines, which are not saved */
  runId: string | null;
  whitening: string;
  /** the architecture's settings, as JSON */
  config: string;
}

export function evaluationRecord(who: RecordIdentity, e: Evaluation): RunRecord {
  const { core, board, headline } = e;
  const rec = e.headlineFamily.reconstruction;
  return {
    run: who.run,
    kind: who.kind,
    arch: who.arch,
    width: who.width,
    l0: core.l0,
    fvu: core.fvu,
    coverage: headline.coverage,
    boardReconstruction: headline.reconstruction,
    runId: who.runId,
    whitening: who.whitening,
    config: who.config,
    coveragePositive: headline.coveragePositive,
    coverageAboveChance: headline.coverageAboveChance,
    coverageAlwaysOn: e.headlineFamily.coverage.coverageAlwaysOn,
    boardReconstructionPerSquare: rec.f1PerSquare,
    boardAliveFeatures: board.aliveFeatures,
    boardLabelledFeatures: rec.labelledFeatures,
    boardL0AtBestThreshold: rec.l0,
    explainedVariance: core.explainedVariance,
    explainedVarianceSaebench: core.explainedVarianceSaebench,
    mse: core.mse,
    l1: core.l1,
    cossim: core.cossim,
    l2Ratio: core.l2Ratio,
    relativeReconstructionBias: core.relativeReconstructionBias,
    deadFraction: core.deadFraction,
    denseFraction: core.denseFraction,
    evalRows: core.rows,
  };
}
