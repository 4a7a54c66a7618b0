import path from 'node:path';
import { RewardAnalysis } from '../models/reward/analysis';
import { writeRewardReport } from '../models/reward/report';
import { readRewardInfo } from '../models/reward/store';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { listReport, requireListed } from '../project/listed';

type RewardMethods = 'listRewardModels' | 'getRewardModel' | 'getRewardPair' | 'rewardShift' | 'rewardCandidates' | 'rewardDomains' | 'getRewardFeature' | 'exportRewardReport';

const CACHED = 4;

/** The reward-model workspace's questions; a model's φ of every pair is computed once and kept for the next few calls. */
export function rewardHandlers(ctx: StudioContext): HandlerGroup<RewardMethods> {
  const cache = new Map<string, Promise<RewardAnalysis>>();
  const analysis = async (projectDir: string, modelId: string): Promise<RewardAnalysis> => {
    const project = await openedProject(ctx, projectDir);
    const dir = listedModel(project, modelId);
    let hit = cache.get(dir);
    if (!hit) {
      hit = RewardAnalysis.open(dir);
      cache.set(dir, hit);
      hit.catch(() => cache.delete(dir));
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
  return {
    async listRewardModels({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      const infos = await Promise.all(project.manifest.models.map((m) => readRewardInfo(path.join(project.dir, 'models', m.id)).catch(() => null)));
      return infos.filter((i) => i !== null);
    },
    async getRewardModel({ projectDir, modelId }) {
      return (await analysis(projectDir, modelId)).detail();
    },
    async getRewardPair({ projectDir, modelId, pair }) {
      return (await analysis(projectDir, modelId)).pairView(pair);
    },
    async rewardShift({ projectDir, modelId, edits, target }) {
      return (await analysis(projectDir, modelId)).shift(JSON.stringify(edits), target);
    },
    async rewardCandidates({ projectDir, modelId, target, count }) {
      return (await analysis(projectDir, modelId)).candidates(target, count);
    },
    async rewardDomains({ projectDir, modelId }) {
      return (await analysis(projectDir, modelId)).domains();
    },
    async getRewardFeature({ projectDir, modelId, feature, count }) {
      return (await analysis(projectDir, modelId)).featureView(feature, count);
    },
    async exportRewardReport({ projectDir, modelId, shift }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const a = await analysis(projectDir, modelId);
      const detail = a.detail();
      // the held-out pair with the widest correct margin shows the attribution at its clearest
      const best = detail.testScores.reduce((b, s) => (s.chosen - s.rejected > b.chosen - b.rejected ? s : b), detail.testScores[0]);
      const id = newEntryId(`${detail.name} report`, new Set(project.manifest.reports.map((r) => r.id)));
      const files = { pdf: path.join(project.dir, 'reports', `${id}.pdf`), csv: path.join(project.dir, 'reports', `${id}.csv`) };
      await writeRewardReport(files, detail, best ? a.pairView(best.pair) : null, shift ? a.shift(JSON.stringify(shift.edits), shift.target) : null);
      await listReport(project, { id, name: `${detail.name} report`, createdAt: new Date().toISOString() });
      return { reportId: id, ...files };
    },
  };
}

function listedModel(project: Project, modelId: string): string {
  requireListed(project.manifest, 'models', modelId, 'modelId');
  return path.join(project.dir, 'models', modelId);
}
