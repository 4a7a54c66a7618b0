import path from 'node:path';
import { StudioError } from '../../shared/errors';
import type { AuthorshipModelDetail } from '../../shared/schemas/authorship';
import { explainPair } from '../models/authorship/explain';
import { writeAuthorshipReport } from '../models/authorship/report';
import { loadAuthorshipModel, readAuthorshipInfo, type AuthorshipModelFiles } from '../models/authorship/store';
import { newEntryId } from '../project/ids';
import type { Project } from '../project/project';
import type { StudioContext } from './context';
import type { HandlerGroup } from './handlers';
import { openedProject } from './resolve';
import { listReport, requireListed } from '../project/listed';

type AuthorshipMethods = 'listAuthorshipModels' | 'getAuthorshipModel' | 'getAuthorshipPair' | 'exportAuthorshipReport';

const CACHED = 4;

/** The authorship workspace's questions; a model's files are read once and kept for the next few calls. */
export function authorshipHandlers(ctx: StudioContext): HandlerGroup<AuthorshipMethods> {
  const cache = new Map<string, Promise<AuthorshipModelFiles>>();
  const model = async (projectDir: string, modelId: string): Promise<AuthorshipModelFiles> => {
    const project = await openedProject(ctx, projectDir);
    const dir = listedModel(project, modelId);
    let hit = cache.get(dir);
    if (!hit) {
      hit = loadAuthorshipModel(dir);
      cache.set(dir, hit);
      hit.catch(() => cache.delete(dir));
      if (cache.size > CACHED) cache.delete(cache.keys().next().value!);
    }
    return hit;
  };
  const detail = (m: AuthorshipModelFiles): AuthorshipModelDetail => ({ ...m.info, testScores: m.scores });
  return {
    async listAuthorshipModels({ projectDir }) {
      const project = await openedProject(ctx, projectDir);
      const infos = await Promise.all(project.manifest.models.map((m) => readAuthorshipInfo(path.join(project.dir, 'models', m.id)).catch(() => null)));
      return infos.filter((i) => i !== null);
    },
    async getAuthorshipModel({ projectDir, modelId }) {
      return detail(await model(projectDir, modelId));
    },
    async getAuthorshipPair({ projectDir, modelId, pair, texts }) {
      const m = await model(projectDir, modelId);
      if ((pair === undefined) === (texts === undefined)) throw new StudioError('bad-input', 'name a test pair or two text ids, not both', 'pair');
      if (pair !== undefined) return pairView(m, pair);
      const [a, b] = texts!.map((id) => {
        const t = m.texts.find((x) => x.id === id);
        if (!t) throw new StudioError('not-found', `the model has no text "${id}"`, 'texts');
        return t;
      });
      return explainPair(m, a, b, a.author === b.author ? 1 : 0);
    },
    async exportAuthorshipReport({ projectDir, modelId }) {
      const project = await openedProject(ctx, projectDir);
      project.assertWritable();
      const m = await model(projectDir, modelId);
      // the test pair the residual moves most shows what it adds at its clearest
      const example = m.scores.reduce((b, s) => (Math.abs(s.rHat) > Math.abs(b.rHat) ? s : b), m.scores[0]);
      const id = newEntryId(`${m.info.name} report`, new Set(project.manifest.reports.map((r) => r.id)));
      const files = { pdf: path.join(project.dir, 'reports', `${id}.pdf`), csv: path.join(project.dir, 'reports', `${id}.csv`) };
      await writeAuthorshipReport(files, detail(m), example ? await pairView(m, example.pair) : null);
      await listReport(project, { id, name: `${m.info.name} report`, createdAt: new Date().toISOString() });
      return { reportId: id, ...files };
    },
  };
}

/** A test pair by its index among the test pairs. */
export async function pairView(m: AuthorshipModelFiles, pair: number) {
  const p = m.pairs.test[pair];
  if (!p) throw new StudioError('not-found', `no test pair ${pair} (there are ${m.pairs.test.length})`, 'pair');
  return explainPair(m, m.texts[p.a], m.texts[p.b], p.same);
}

function listedModel(project: Project, modelId: string): string {
  requireListed(project.manifest, 'models', modelId, 'modelId');
  return path.join(project.dir, 'models', modelId);
}
