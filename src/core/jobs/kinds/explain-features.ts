import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { EXPLANATIONS_FILE } from '../../../shared/schemas/explanations';
import { ExplainSummary } from '../../../shared/schemas/explain';
import { EXPLANATION_LOGS, explainRun } from '../../explain/run';
import { LLM_SETTINGS_FILE, readLlmSettings } from '../../llm';
import { studioHome } from '../../project/home';
import { ENTRY_ID_PATTERN } from '../../project/ids';
import { runDir } from '../../sae/run/folder';
import { defineJobKind, type CommitContext } from '../kind';

/**
 * Explains and scores a run's features (issue 19): SAGE's loop with tests on fresh inputs through
 * the model and SAE, causal tests on the model (boards and text), and the delphi/SAGE scores against a baseline. The
 * per-feature logs and the merged explanations.json are written in the work folder and moved
 * into the run folder on commit.
 */
export const explainFeaturesKind = defineJobKind({
  kind: 'explain-features',
  doc: "Explain a run's features by experiment (SAGE's loop, offline) and score the explanations (generative, predictive, detection, fuzzing) against a baseline.",
  params: z
    .object({
      runId: z.string().regex(ENTRY_ID_PATTERN),
      datasetId: z.string().regex(ENTRY_ID_PATTERN).optional(),
      /** features by id; without them the `top` most frequent */
      features: z.array(z.number().int().nonnegative()).max(4096).optional(),
      top: z.number().int().positive().max(4096).default(50),
      maxRows: z.number().int().positive().max(65_536).optional(),
      seed: z.number().int().default(1),
      causal: z.boolean().default(true),
      /** ask the configured local LLM endpoint (llm.json in the studio's folder) for more hypotheses */
      llm: z.boolean().default(false),
    })
    .strict(),
  result: ExplainSummary,
  title: (p, name) => `Explain ${p.features ? `features ${p.features.slice(0, 5).join(', ')}${p.features.length > 5 ? '…' : ''}` : `the top ${p.top} features`} of ${name(p.runId)}`,
  async run(ctx) {
    const { runId, datasetId, features, top, maxRows, seed, causal } = ctx.params;
    const llm = ctx.params.llm ? await readLlmSettings(studioHome()) : null;
    if (ctx.params.llm && !llm) throw new StudioError('bad-input', `no LLM endpoint is configured (${LLM_SETTINGS_FILE} in the studio's folder)`, 'llm');
    return explainRun({
      projectDir: ctx.projectDir, runId, datasetId, features, top, maxRows, seed, causal, llm, outDir: ctx.workDir, signal: ctx.signal,
      onProgress: (done, total, note) => {
        ctx.progress(done, total, { unit: 'features' });
        if (note) ctx.log(note);
      },
    });
  },
  commit: commitExplanations,
});

async function commitExplanations({ project, workDir }: CommitContext, result: ExplainSummary): Promise<void> {
  if (!project.manifest.runs.some((r) => r.id === result.runId)) throw new StudioError('not-found', `run "${result.runId}" was removed while its features were explained`, 'runId');
  const folder = runDir(project.dir, result.runId);
  const logs = path.join(folder, EXPLANATION_LOGS);
  await fs.mkdir(logs, { recursive: true });
  for (const name of await fs.readdir(path.join(workDir, EXPLANATION_LOGS))) await fs.rename(path.join(workDir, EXPLANATION_LOGS, name), path.join(logs, name));
  await fs.rename(path.join(workDir, EXPLANATIONS_FILE), path.join(folder, EXPLANATIONS_FILE));
}
