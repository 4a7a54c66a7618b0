import { StudioError } from '../../shared/errors';
import type { BaselineScores } from '../../shared/schemas/run';
import { ActivationStore } from '../data/store';
import { neuronBasis, randomDictionary, saeFeatures } from '../demo/baselines';
import { loadHeldOut } from '../demo/evalStage';
import { type Evaluation, type FeatureMap, type HeldOut, boardSummary, evaluateFeatures } from '../demo/evaluate';
import { readTrainSample } from '../demo/run';
import { CHESS_LOW_LEVEL, OTHELLO_HEADLINE } from '../evals/board';
import { datasetDir } from '../project/layout';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

/** The demo's seed (demo --seed default), so a demo project's baselines are the demo CSV's rows. */
const BASELINE_SEED = 1;

/**
 * The demo's two baselines (Karvonen et al. 2024) for any dataset, measured on the same
 * held-out rows as the runs (studio/heldOut.ts) so Compare can set them beside the SAEs: a
 * random dictionary of the runs' width and the residual basis ("neurons"). Kept in memory per
 * project, dataset and width; nothing is written.
 */
export function baselineHandlers(ctx: StudioContext): HandlerGroup<'getBaselineScores'> {
  const cache = new Map<string, Promise<BaselineScores[]>>();
  return {
    async getBaselineScores({ projectDir, datasetId, width }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'datasets', datasetId, 'datasetId');
      const key = JSON.stringify([project.dir, datasetId, width]);
      let entry = cache.get(key);
      if (!entry) {
        entry = measureBaselines(datasetDir(project.dir, datasetId), datasetId, width);
        cache.set(key, entry);
        entry.catch(() => cache.delete(key));
      }
      return entry;
    },
  };
}

async function measureBaselines(dir: string, datasetId: string, width: number): Promise<BaselineScores[]> {
  const store = await ActivationStore.open(dir);
  const meta = store.meta;
  await store.close();
  const family = meta.game === 'chess' ? CHESS_LOW_LEVEL : OTHELLO_HEADLINE;
  if (!meta.game) throw new StudioError('bad-input', 'baselines are measured on board-labelled datasets (an Othello or chess extraction)', 'datasetId');
  const heldOut = await loadHeldOut(dir, meta, family);
  const random = saeFeatures(await randomDictionary(await readTrainSample(dir, BASELINE_SEED), meta.dims, width, BASELINE_SEED));
  return [
    scores('random', datasetId, width, await evaluated(random, heldOut, family), heldOut),
    scores('neurons', datasetId, meta.dims, await evaluated(neuronBasis(meta.dims), heldOut, family), heldOut),
  ];
}

async function evaluated(map: FeatureMap, heldOut: HeldOut, family: string): Promise<Evaluation> {
  try {
    return await evaluateFeatures(map, heldOut, family);
  } finally {
    await map.dispose();
  }
}

function scores(baseline: BaselineScores['baseline'], datasetId: string, width: number, e: Evaluation, heldOut: HeldOut): BaselineScores {
  return { baseline, datasetId, width, l0: e.core.l0, fvu: e.core.fvu, deadFraction: e.core.deadFraction, board: boardSummary(e, heldOut) };
}
