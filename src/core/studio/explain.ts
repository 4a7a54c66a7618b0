import path from 'node:path';
import { FeatureExplanationLog } from '../../shared/schemas/explain';
import { EXPLANATION_LOGS } from '../explain/run';
import { readSchemaJson } from '../io/schemaJson';
import { runDir } from '../sae/run/folder';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { requireListed } from '../project/listed';

type ExplainMethods = 'explainFeatures' | 'getFeatureExplanation';

/** Explaining features by experiment (issue 19): the job that does it, and a feature's log for its page. */
export function explainHandlers(ctx: StudioContext): HandlerGroup<ExplainMethods> {
  const listed = async (projectDir: string, runId: string) => {
    const project = await openedProject(ctx, projectDir);
    requireListed(project.manifest, 'runs', runId, 'runId');
    return project;
  };
  return {
    async explainFeatures({ projectDir, runId, datasetId, features, top, causal, llm }) {
      const project = await listed(projectDir, runId);
      const info = await ctx.jobs.start(project, 'explain-features', { runId, datasetId, features, top, causal, llm });
      return { jobId: info.id };
    },
    async getFeatureExplanation({ projectDir, runId, feature }) {
      const project = await listed(projectDir, runId);
      const file = path.join(runDir(project.dir, runId), EXPLANATION_LOGS, `${feature}.json`);
      return readSchemaJson(file, FeatureExplanationLog, 'the explanation log');
    },
  };
}
