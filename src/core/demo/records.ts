/**
 * A table row of the demo report from an evaluation: the required columns first (what the
 * run is, L0, FVU, the headline board scores), then every other core and board metric.
 */
import type { RunCell, RunRecord } from '../../shared/charts/runTable';
import type { RunEval } from '../../shared/schemas/run';
import type { BenchmarkMetrics } from '../sae/run/benchmarkMetrics';
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

/**
 * An SAE's benchmark columns: spliced-model fidelity, sparse probing (mean over the board tasks,
 * on the SAE's latents and on the raw activations) and absorption; empty where not measured.
 */
export function benchmarkRecord(b: BenchmarkMetrics): RunRecord {
  const rec: Record<string, RunCell> = { maxDecoderCosine: b.maxDecoderCosine, maxEncoderCosine: b.maxEncoderCosine };
  if (b.spliced) Object.assign(rec, { ceLossRecovered: b.spliced.ceLossRecovered, klDiv: b.spliced.klDiv, klDivScore: b.spliced.klDivScore });
  for (const [prefix, means] of [['sparseProbing', b.sparseProbingMean], ['sparseProbingRaw', b.sparseProbingRawMean]] as const) {
    for (const [k, v] of Object.entries(means ?? {})) rec[`${prefix}${k.toUpperCase()}`] = v;
  }
  if (b.absorption) Object.assign(rec, { absorption: b.absorption.fraction, absorptionFull: b.absorption.full, absorptionTasks: b.absorption.tasks });
  return rec;
}

/** The same columns from a run's eval.json, for the reports the app makes; none when it was written before they existed. */
export function evalBenchmarkRecord(ev: RunEval): RunRecord {
  if (ev.maxDecoderCosine === undefined || ev.maxEncoderCosine === undefined) return {};
  const s = ev.spliced;
  return benchmarkRecord({
    spliced: s && typeof ev.ceLossRecovered === 'number' && typeof ev.klDiv === 'number' ? { ...s, ceLossRecovered: ev.ceLossRecovered, klDiv: ev.klDiv } : null,
    sparseProbing: ev.sparseProbing ?? null,
    sparseProbingMean: ev.sparseProbingMean ?? null,
    sparseProbingRaw: ev.sparseProbingRaw ?? null,
    sparseProbingRawMean: ev.sparseProbingRawMean ?? null,
    absorption: ev.absorption ?? null,
    maxDecoderCosine: ev.maxDecoderCosine,
    maxEncoderCosine: ev.maxEncoderCosine,
  });
}
