import { matchRuns } from '../sae/match/runs';
import { readRunInfo, runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

export function featureMatchHandlers(ctx: StudioContext): HandlerGroup<'matchRuns'> {
  return {
    async matchRuns({ projectDir, runA, runB }) {
      const project = await openedProject(ctx, projectDir);
      const folder = async (id: string, field: string) => {
        requireListed(project.manifest, 'runs', id, field);
        const dir = runDir(project.dir, id);
        return { dir, info: await readRunInfo(dir) };
      };
      return matchRuns(await folder(runA, 'runA'), await folder(runB, 'runB'));
    },
  };
}
