import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { readOthelloLabels } from '../../games/lm/extract';
import { loadModelDir } from '../../games/lm/shipped';
import { Project } from '../../project/project';
import type { JobContext, JobKind } from '../kind';
import { extractActivationsKind } from './extract-activations';
import { trainGameModelKind } from './train-game-model';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-gamemodel-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** Runs a kind in this process as the job host's child does, then commits it into `project`. */
async function runAndCommit<R>(kind: JobKind, params: Record<string, unknown>, project: Project, jobId: string) {
  const workDir = path.join(tmp, 'work', jobId);
  await fs.mkdir(workDir, { recursive: true });
  const progress: { step: number; metrics?: Record<string, number> }[] = [];
  const logs: string[] = [];
  const controller = new AbortController();
  const ctx: JobContext<unknown> = {
    jobId,
    params: kind.params.parse(params),
    projectDir: project.dir,
    workDir,
    signal: controller.signal,
    throwIfCancelled: () => undefined,
    progress: (step, _total, extra) => void progress.push({ step, metrics: extra?.metrics }),
    log: (line) => void logs.push(line),
  };
  const result = (await kind.run(ctx as never)) as R;
  await kind.commit({ jobId, project, workDir }, result as never);
  return { result, progress, logs };
}

describe('train-game-model and extract-activations job kinds', () => {
  it('trains a small model with live loss and accuracy, saves it as models/<id>, and extracts labelled activations from it', async () => {
    const project = await Project.create(path.join(tmp, 'proj'), 'p');
    try {
      const { result, progress, logs } = await runAndCommit<{ id: string; legalMoveAccuracy: number; probeAccuracyByLayer: number[] }>(
        trainGameModelKind,
        { id: 'tiny', d: 16, layers: 1, heads: 2, steps: 20, batch: 8, evalEvery: 10, evalGames: 20, threads: 1 },
        project,
        'job-train',
      );
      expect(progress.map((p) => p.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(progress.every((p) => Number.isFinite(p.metrics?.loss))).toBe(true);
      expect(progress.at(-1)?.metrics?.legalMoveAccuracy).toBeGreaterThanOrEqual(0);
      expect(logs.some((l) => /step 10: loss/.test(l))).toBe(true);
      expect(result.probeAccuracyByLayer).toHaveLength(2);
      expect(project.manifest.models.map((m) => m.id)).toEqual(['tiny']);
      const saved = await loadModelDir(path.join(project.dir, 'models', 'tiny'));
      expect(saved.model.config.gpt).toMatchObject({ d: 16, layers: 1, heads: 2 });
      expect(saved.info.metrics.legalMoveAccuracy).toBe(result.legalMoveAccuracy);

      const { result: meta } = await runAndCommit<DatasetMeta>(extractActivationsKind, { id: 'acts', modelId: 'tiny', layer: 0, games: 5, plies: [3, 4] }, project, 'job-extract');
      expect(meta.dims).toBe(16);
      expect(meta.rows).toBe(10);
      expect(project.manifest.datasets.map((d) => d.id)).toEqual(['acts']);
      const labels = await readOthelloLabels(path.join(project.dir, 'datasets', 'acts'));
      expect(Array.from(labels.ply)).toEqual([3, 4, 3, 4, 3, 4, 3, 4, 3, 4]);
    } finally {
      await project.close();
    }
  });

  it('refuses a width the heads do not divide, by field', () => {
    const parsed = trainGameModelKind.params.safeParse({ d: 30, heads: 4 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['heads']);
  });
});
