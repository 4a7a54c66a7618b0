import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DatasetMeta } from '../../../shared/schemas/dataset';
import { splitPgn } from '../../games/chess';
import { readOthelloLabels } from '../../games/lm/extract';
import { readBoardLabels } from '../../games/lm/labelled-dataset';
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
  await kind.commit({ jobId, project, workDir, scratchDir: path.join(workDir, 'scratch') }, result as never);
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

  it('trains a small chess model on a PGN file, reporting a refused game without aborting, and extracts labelled activations at the dots', async () => {
    // Real games: the first 40 of ../shared/data/chess/masters_Capablanca.pgn (hlotze/pgn2tex,
    // see SOURCES.md there), then one game with an illegal third move.
    const text = await fs.readFile(new URL('../../../../../shared/data/chess/masters_Capablanca.pgn', import.meta.url), 'utf8');
    const kept = splitPgn(text).slice(0, 40).map((g) => `${g.tags.join('\n')}\n\n${g.movetext}`);
    const pgn = path.join(tmp, 'games.pgn');
    await fs.writeFile(pgn, [...kept, '[Event "bad"]\n\n1.e4 e5 2.Ke3 Nc6 0-1\n'].join('\n\n'));
    const project = await Project.create(path.join(tmp, 'proj'), 'p');
    try {
      const { result, progress, logs } = await runAndCommit<{ id: string; game: string; legalMoveAccuracy: number; probeAccuracyByLayer: number[] }>(
        trainGameModelKind,
        { id: 'chess-tiny', game: 'chess', pgn, d: 16, layers: 1, heads: 2, steps: 6, batch: 4, evalEvery: 3, evalGames: 2, threads: 1 },
        project,
        'job-train-chess',
      );
      expect(logs).toContain('skipped game 41, ply 3 (Ke3): not a legal move in this position');
      expect(logs.some((l) => /^41 games in games.pgn, 1 refused: training on \d+, \d+ held out$/.test(l))).toBe(true);
      expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(progress.every((p) => Number.isFinite(p.metrics?.loss))).toBe(true);
      expect(result.game).toBe('chess');
      expect(result.legalMoveAccuracy).toBeGreaterThanOrEqual(0);
      expect(result.probeAccuracyByLayer).toHaveLength(2);
      // a piece_state probe always beats chance (1/13): most squares are blank at every dot
      for (const a of result.probeAccuracyByLayer) expect(a).toBeGreaterThan(0.3);
      const saved = await loadModelDir(path.join(project.dir, 'models', 'chess-tiny'));
      expect(saved.model.config).toMatchObject({ game: 'chess', gpt: { vocab: 32, context: 159, d: 16, layers: 1, heads: 2 } });

      const { result: meta, logs: extractLogs } = await runAndCommit<DatasetMeta>(extractActivationsKind, { id: 'chess-acts', game: 'chess', modelId: 'chess-tiny', pgn, layer: 0, games: 3, dotsPerGame: 5 }, project, 'job-extract-chess');
      expect(extractLogs).toContain('skipped game 41, ply 3 (Ke3): not a legal move in this position');
      expect(meta).toMatchObject({ game: 'chess', dims: 16, rows: 15, name: 'Chess activations' });
      const labels = await readBoardLabels(path.join(project.dir, 'datasets', 'chess-acts'));
      expect(Array.from(labels.ply)).toEqual([0, 2, 4, 6, 8, 0, 2, 4, 6, 8, 0, 2, 4, 6, 8]);
      expect(labels.families.map((f) => f.name)).toEqual(expect.arrayContaining(['piece_state', 'piece_masked_blank_and_initial_state', 'check', 'last_move_from', 'last_move_to']));

      // without a model: the shipped chess model (resources/models/chess, d = 128); without a
      // layer: the block its piece probe reads best (config.json: resid_post_3)
      const { result: shipped, logs: shippedLogs } = await runAndCommit<DatasetMeta>(extractActivationsKind, { id: 'shipped-acts', game: 'chess', pgn, games: 3, dotsPerGame: 5 }, project, 'job-shipped-chess');
      expect(shipped).toMatchObject({ game: 'chess', dims: 128, rows: 15, source: { layer: '3' } });
      expect(shippedLogs).toContain('reading resid_post of layer 3');
      // a project model: the best of the probe accuracies its training recorded
      const probes = saved.info.metrics.probeAccuracyByLayer as Record<string, number>;
      const best = Object.keys(probes).filter((k) => k !== 'embed').sort((a, b) => probes[b] - probes[a])[0];
      const { result: own } = await runAndCommit<DatasetMeta>(extractActivationsKind, { id: 'own-acts', game: 'chess', modelId: 'chess-tiny', pgn, games: 2, dotsPerGame: 3 }, project, 'job-own-chess');
      expect(`resid_post_${own.source.layer}`).toBe(best);
      await expect(runAndCommit(extractActivationsKind, { game: 'othello', modelId: 'chess-tiny', layer: 0, games: 2 }, project, 'job-wrong-game')).rejects.toThrow('model "chess-tiny" is a chess model, not an Othello model');
    } finally {
      await project.close();
    }
  });

  it('names the field of a setting that does not fit the game', () => {
    const issue = (kind: JobKind, params: Record<string, unknown>) => kind.params.safeParse(params).error?.issues[0];
    expect(issue(extractActivationsKind, { layer: 0, pgn: '/x.pgn' })?.path).toEqual(['pgn']);
    expect(issue(extractActivationsKind, { game: 'chess', layer: 0, plies: [1] })?.path).toEqual(['plies']);
    expect(issue(extractActivationsKind, { game: 'chess', layer: 0, families: ['check', 'mine_yours'] })).toMatchObject({ path: ['families', 1], message: expect.stringContaining('not a chess family') });
    expect(issue(trainGameModelKind, { game: 'chess', target: 'distribution' })?.path).toEqual(['target']);
    expect(issue(trainGameModelKind, { pgn: '/x.pgn' })?.path).toEqual(['pgn']);
  });

  it('parse params to what parses again unchanged (the host parses them, then the job process does)', () => {
    const cases: [JobKind, Record<string, unknown>][] = [
      [trainGameModelKind, { game: 'chess', pgn: '/x.pgn', d: 16, heads: 2 }],
      [trainGameModelKind, {}],
      [extractActivationsKind, { game: 'chess', modelId: 'm', layer: 0, families: ['check'] }],
      [extractActivationsKind, { layer: 1 }],
    ];
    for (const [kind, params] of cases) {
      const once = kind.params.parse(params);
      expect(kind.params.parse(once)).toEqual(once);
    }
  });

  it('refuses a width the heads do not divide, by field', () => {
    const parsed = trainGameModelKind.params.safeParse({ d: 30, heads: 4 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].path).toEqual(['heads']);
  });
});
