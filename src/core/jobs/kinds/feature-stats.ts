import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';
import { EXPLORE_ROWS } from '../../../shared/schemas/features';
import { explorerCacheFile, writeExplorerCache } from '../../explorer/cache';
import { FeatureExplorer } from '../../explorer';
import { explorerCacheKey, readExploredRows, readExplorerLabels } from '../../explorer/sources';
import { datasetDir } from '../../project/layout';
import { ENTRY_ID_PATTERN } from '../../project/ids';
import { scratchRunDir } from '../../project/scratch';
import { loadSaeFolder } from '../../sae/checkpoint/load';
import { runDir } from '../../sae/run/folder';
import { defineJobKind, type CommitContext } from '../kind';

const FeatureStatsResult = z.object({
  runId: z.string(),
  /** the cache's path relative to the run folder */
  cache: z.string(),
  rows: z.number().int(),
  features: z.number().int(),
});
type FeatureStatsResult = z.infer<typeof FeatureStatsResult>;

/**
 * The feature explorer's statistics of a run on a dataset's first rows (issue 6): sparse codes,
 * per-feature board-property scores and the run's board scores, computed here rather than on
 * the server's thread (seconds at 16k features) and cached in runs/<id>/explorer/ — or, for a
 * project opened read-only, in the studio's scratch folder for it (project/scratch.ts).
 */
export const featureStatsKind = defineJobKind({
  kind: 'feature-stats',
  doc: "Compute the feature explorer's statistics of a run on a dataset's first rows (codes, best board properties, board scores) and cache them in the run folder.",
  params: z
    .object({
      runId: z.string().regex(ENTRY_ID_PATTERN),
      datasetId: z.string().regex(ENTRY_ID_PATTERN),
      maxRows: z.number().int().positive().max(65_536).default(EXPLORE_ROWS),
    })
    .strict(),
  result: FeatureStatsResult,
  readOnlyProjects: true,
  title: (p, name) => `Feature statistics of ${name(p.runId)} on ${name(p.datasetId)}`,
  async run(ctx) {
    const { runId, datasetId, maxRows } = ctx.params;
    const key = await explorerCacheKey(ctx.projectDir, runId, datasetId, maxRows);
    const { sae } = await loadSaeFolder(runDir(ctx.projectDir, runId));
    const dir = datasetDir(ctx.projectDir, datasetId);
    const { x, rows } = await readExploredRows(dir, sae.dIn, maxRows);
    const labels = await readExplorerLabels(dir);
    ctx.log(`encoding ${rows} rows with ${sae.dSae} features${labels ? ` and scoring ${labels.families.length} board families` : ''}`);
    const explorer = await FeatureExplorer.build({ sae, x, rows, labels }, (done, total) => {
      ctx.throwIfCancelled();
      ctx.progress(done, total, { unit: 'steps' });
    });
    const boardScores = explorer.boardScores();
    const target = explorerCacheFile(runDir(ctx.projectDir, runId), datasetId, maxRows);
    const cache = path.relative(runDir(ctx.projectDir, runId), target);
    await writeExplorerCache(path.join(ctx.workDir, cache), { key, rows, codes: explorer.codes, properties: explorer.properties, boardScores });
    ctx.log(`${explorer.codes.index.length} nonzero codes; cached as ${cache}`);
    return { runId, cache, rows, features: explorer.features };
  },
  commit: commitCache,
});

/**
 * Moves the cache into the run folder (one rename), replacing an older one, or into the scratch
 * folder's run folder when the project is read-only; the run must still be there.
 */
async function commitCache({ project, workDir, scratchDir }: CommitContext, result: FeatureStatsResult): Promise<void> {
  if (!project.manifest.runs.some((r) => r.id === result.runId)) throw new StudioError('not-found', `run "${result.runId}" was removed while its statistics were computed`, 'runId');
  const folder = project.readOnly ? scratchRunDir(scratchDir, result.runId) : runDir(project.dir, result.runId);
  const target = path.join(folder, result.cache);
  await fs.mkdir(path.dirname(target), { recursive: true });
  await fs.rename(path.join(workDir, result.cache), target);
}
