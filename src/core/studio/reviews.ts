import path from 'node:path';
import { readReviewModel } from '../models/reviews/store';
import { viewCorpusReview } from '../models/reviews/view';
import { writeReviewsReport } from '../models/reviews/report';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { listReport, requireListed } from '../project/listed';

type ReviewMethods = 'listReviewModels' | 'getReviewModel' | 'getReviewView' | 'exportReviewsReport';

/** The review-quality workspace's questions (models come from the discover-reviews job). */
export function reviewHandlers(ctx: StudioContext): HandlerGroup<ReviewMethods> {
  const model = async (projectDir: string, modelId: string) => {
    const project = await openedProject(ctx, projectDir);
    return { project, info: await readReviewModel(listedModel(project, modelId)) };
  };
  return {
    async listReviewModels({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      const infos = await Promise.all(project.manifest.models.map((m) => readReviewModel(path.join(project.dir, 'models', m.id)).catch(() => null)));
      return infos.filter((i) => i !== null).map((i) => ({ id: i.id, name: i.name, createdAt: i.createdAt, corpusId: i.corpusId, target: i.target, kept: i.kept.length, spearman: i.models.discovered?.spearman ?? null }));
    },
    async getReviewModel({ projectDir, modelId }) {
      return (await model(projectDir, modelId)).info;
    },
    async getReviewView({ projectDir, modelId, rowId }) {
      const { project, info } = await model(projectDir, modelId);
      return viewCorpusReview(project.dir, info, rowId);
    },
    async exportReviewsReport({ projectDir, modelId }) {
      const { project, info } = await model(projectDir, modelId);
      project.assertWritable();
      // the test review the model ranks best relative to the truth shows the contributions at their clearest
      const best = [...info.test].sort((a, b) => b.predicted - a.predicted)[0];
      const example = best ? await viewCorpusReview(project.dir, info, best.id) : null;
      const id = newEntryId(`${info.name} report`, new Set(project.manifest.reports.map((r) => r.id)));
      const files = { pdf: path.join(project.dir, 'reports', `${id}.pdf`), csv: path.join(project.dir, 'reports', `${id}.csv`) };
      await writeReviewsReport(files, info, example);
      await listReport(project, { id, name: `${info.name} report`, createdAt: new Date().toISOString() });
      return { reportId: id, ...files };
    },
  };
}

function listedModel(project: Project, modelId: string): string {
  requireListed(project.manifest, 'models', modelId, 'modelId');
  return path.join(project.dir, 'models', modelId);
}
