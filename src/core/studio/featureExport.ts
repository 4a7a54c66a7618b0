import path from 'node:path';
import { neuronpediaExport } from '../explorer/neuronpediaExport';
import { readExplanations } from '../explorer/explanations';
import { writeJsonAtomic } from '../io/atomic';
import { readJsonFile } from '../sae/checkpoint/saelens';
import { SAELENS_CFG } from '../sae/checkpoint/files';
import { runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import { explorerStates } from './features';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';

/** Where a run's feature export is written: exports/<run>-neuronpedia/ in the project. */
export const featureExportDir = (projectDir: string, runId: string) => path.join(projectDir, 'exports', `${runId}-neuronpedia`);

/**
 * Neuronpedia-style export of a run's features (explorer/neuronpediaExport.ts), computed on the
 * explorer's rows (the feature-stats job runs first when its cache is missing).
 */
export function featureExportHandlers(ctx: StudioContext): HandlerGroup<'exportFeatures'> {
  const explorers = explorerStates(ctx);
  return {
    async exportFeatures({ topExamples, quantiles, features, ...scope }) {
      const project = await openedProject(ctx, scope.projectDir);
      project.assertWritable();
      const { explorer, key } = await explorers.ready(scope);
      const folder = runDir(project.dir, scope.runId);
      const cfg = await readJsonFile(path.join(folder, SAELENS_CFG));
      const meta = (cfg.metadata as Record<string, unknown> | undefined) ?? {};
      const hook = typeof meta.hook_name === 'string' ? meta.hook_name : '';
      const layer = Number(/blocks\.(\d+)\./.exec(hook)?.[1] ?? 0);
      const out = neuronpediaExport(explorer, await readExplanations(folder), {
        modelId: typeof meta.model_name === 'string' ? meta.model_name : 'feature-studio',
        layer,
        saeSet: scope.runId,
        dataset: key.datasetId,
        features,
        topExamples,
        quantiles,
      });
      const dir = featureExportDir(project.dir, scope.runId);
      const batch = path.join(dir, 'batch-0.json');
      const explanations = path.join(dir, 'explanations.json');
      await writeJsonAtomic(batch, out.batch);
      await writeJsonAtomic(explanations, out.explanations);
      return { dir, files: [batch, explanations], features: (out.batch.features as unknown[]).length, explanations: out.explanations.length };
    },
  };
}
