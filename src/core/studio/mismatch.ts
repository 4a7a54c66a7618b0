import { StudioError } from '../../shared/errors';
import { ActivationStore } from '../data/store';
import { datasetDir } from '../project/layout';
import { loadSaeFolder } from '../sae/checkpoint/load';
import { readRunInfo, runDir } from '../sae/run/folder';
import { checkSaeOnDataset } from '../sae/run/mismatch';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

export function mismatchHandlers(ctx: StudioContext): HandlerGroup<'checkRunDataset'> {
  return {
    async checkRunDataset({ projectDir, runId, datasetId }) {
      const project = await openedProject(ctx, projectDir);
      requireListed(project.manifest, 'runs', runId, 'runId');
      const folder = runDir(project.dir, runId);
      const dataset = datasetId ?? (await readRunInfo(folder)).datasetId;
      if (!dataset) throw new StudioError('bad-input', 'an imported run needs the dataset to check against', 'datasetId');
      requireListed(project.manifest, 'datasets', dataset, 'datasetId');
      const { sae } = await loadSaeFolder(folder);
      const store = await ActivationStore.open(datasetDir(project.dir, dataset));
      try {
        return { datasetId: dataset, ...(await checkSaeOnDataset(sae, store)) };
      } finally {
        await store.close();
      }
    },
  };
}
