import type { FeatureMatchResult, FeatureMatchRow } from '../../../shared/schemas/match';
import { StudioError } from '../../../shared/errors';
import type { RunInfo } from '../../../shared/schemas/run';
import { loadSaeFolder } from '../checkpoint/load';
import type { Sae } from '../checkpoint/sae';
import { originalSpaceAtoms } from '../run/evaluate';
import { saeHookName } from '../run/mismatch';
import { MAX_ASSIGN_CELLS, matchFeatures, type FeatureMatch } from './crossRun';

export interface RunFolder {
  dir: string;
  info: RunInfo;
}

const modelName = (sae: Sae): string | null => {
  const meta = (sae.cfg.metadata as Record<string, unknown> | undefined) ?? {};
  const name = meta.model_name ?? sae.cfg.model_name;
  return typeof name === 'string' && name ? name : null;
};

/**
 * Two runs' features matched by decoder direction, in the original activation space (a
 * whitened run's atoms are mapped back first). Directions of different activations are not
 * comparable, so the runs must read the same width and, where both record them, the same
 * model and hook (layer); anything else is refused naming both sides.
 */
export async function matchRuns(a: RunFolder, b: RunFolder): Promise<FeatureMatchResult> {
  const started = performance.now();
  const [{ sae: saeA }, { sae: saeB }] = [await loadSaeFolder(a.dir), await loadSaeFolder(b.dir)];
  const side = (r: RunFolder) => `run "${r.info.name}"`;
  if (saeA.dIn !== saeB.dIn) throw new StudioError('bad-input', `${side(a)} reads ${saeA.dIn} dims and ${side(b)} ${saeB.dIn}: features of different activations cannot be matched`, 'runB');
  const [modelA, modelB] = [modelName(saeA), modelName(saeB)];
  if (modelA && modelB && modelA !== modelB) throw new StudioError('bad-input', `${side(a)} is an SAE of ${modelA} and ${side(b)} of ${modelB}: features of different models cannot be matched`, 'runB');
  const [hookA, hookB] = [saeHookName(saeA.cfg), saeHookName(saeB.cfg)];
  if (hookA && hookB && hookA !== hookB) throw new StudioError('bad-input', `${side(a)} was trained on ${hookA} and ${side(b)} on ${hookB}: features of different layers or hooks cannot be matched`, 'runB');
  const m = await matchFeatures(originalSpaceAtoms(saeA), originalSpaceAtoms(saeB), saeA.dIn);
  const pairsOf = (t: { pairs: number }) => t.pairs;
  return {
    runA: { id: a.info.id, name: a.info.name, arch: a.info.arch, features: m.featuresA },
    runB: { id: b.info.id, name: b.info.name, arch: b.info.arch, features: m.featuresB },
    dIn: saeA.dIn,
    hook: hookA === hookB ? hookA : null,
    model: modelA === modelB ? modelA : null,
    mmcsAB: m.mmcsAB,
    mmcsBA: m.mmcsBA,
    assigned: m.assignment !== null,
    assignedMean: m.assignedCosine ? mean(m.assignedCosine.filter((c) => !Number.isNaN(c))) : null,
    matchedAbove: m.matchedAbove.map((t) => ({ threshold: t.threshold, pairs: pairsOf(t), shareA: t.pairs / m.featuresA, shareB: t.pairs / m.featuresB })),
    note: m.assignment
      ? null
      : `${m.featuresA} × ${m.featuresB} features is more than the ${MAX_ASSIGN_CELLS.toLocaleString('en')} pairs the one-to-one assignment holds in memory: MMCS and best partners only`,
    rows: matchRows(m),
    seconds: (performance.now() - started) / 1000,
  };
}

const mean = (a: Float32Array) => (a.length ? a.reduce((s, x) => s + x, 0) / a.length : 0);

/** Assigned pairs in A's order, then the features each side left unassigned. */
function matchRows(m: FeatureMatch): FeatureMatchRow[] {
  const aSide = (i: number) => ({ aBest: m.bestABIndex[i], aBestCosine: m.bestAB[i] });
  const bSide = (j: number) => ({ bBest: m.bestBAIndex[j], bBestCosine: m.bestBA[j] });
  const none = { aBest: null, aBestCosine: null, bBest: null, bBestCosine: null };
  const rows: FeatureMatchRow[] = [];
  const bAssigned = new Uint8Array(m.featuresB);
  for (let i = 0; i < m.featuresA; i++) {
    const j = m.assignment ? m.assignment[i] : -1;
    if (j >= 0) {
      bAssigned[j] = 1;
      rows.push({ a: i, b: j, cosine: (m.assignedCosine as Float32Array)[i], ...aSide(i), ...bSide(j) });
    } else rows.push({ a: i, b: null, cosine: null, ...none, ...aSide(i) });
  }
  for (let j = 0; j < m.featuresB; j++) if (!bAssigned[j]) rows.push({ a: null, b: j, cosine: null, ...none, ...bSide(j) });
  return rows;
}
