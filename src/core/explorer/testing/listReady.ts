import type { FeatureTable } from '../../../shared/schemas/features';
import type { Studio } from '../../studio';
import { expectJobDone } from '../../studio/testing';

type Scope = Parameters<Studio['listFeatures']>[0];

/** listFeatures, waiting (and checking) the feature-stats job when the cache is missing; also says whether it had to. */
export async function listFeaturesReady(studio: Studio, scope: Scope): Promise<{ table: FeatureTable; jobId: string | null }> {
  const first = await studio.listFeatures(scope);
  if (first.status === 'ready') return { table: first.table, jobId: null };
  await expectJobDone(studio, first.jobId);
  const again = await studio.listFeatures(scope);
  if (again.status !== 'ready') throw new Error(`the feature statistics are still missing after job ${first.jobId}`);
  return { table: again.table, jobId: first.jobId };
}
