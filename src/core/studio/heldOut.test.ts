import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedExplorerProject } from '../explorer/testing/seedProject';
import { useTempStudio } from './testing';

const ctx = useTempStudio('fs-heldout-');

describe('one held-out measurement per metric', () => {
  it('measures a run on its validation rows, keeps it beside the run, and reports show those numbers', async () => {
    // real WTHOR games (see seedProject) through a tiny transcript model: 24 games, so the
    // validation rows (the last tenth) span three games, split in two for the board metrics
    const dir = path.join(ctx.tmp, 'p.fstudio');
    const { runId, datasetId } = await seedExplorerProject(dir, { games: 24, features: 32 });
    await ctx.studio.openProject({ dir });
    const held = await ctx.studio.getHeldOutScores({ projectDir: dir, runId });
    const rows = 24 * 59;
    expect(held).toMatchObject({ datasetId, rows: rows - Math.floor(rows * 0.9), boardMissing: null });
    expect(held.core.rows).toBe(held.rows);
    expect(held.board!.family).toBe('mine_yours_blank_mask');
    expect(held.board!.trainPositions + held.board!.testPositions).toBe(held.rows);
    expect(held.board!.coverageAlwaysOn).toBeGreaterThan(0);
    // kept beside the run, and read back unchanged
    const saved = JSON.parse(await fs.readFile(path.join(dir, 'runs', runId, 'eval-board.json'), 'utf8')) as { datasetId: string; summary: unknown };
    expect(saved).toMatchObject({ datasetId, summary: held.board });
    expect(await ctx.studio.getRunEval({ projectDir: dir, runId })).toEqual(held.core);
    expect(await ctx.studio.getHeldOutScores({ projectDir: dir, runId })).toEqual(held);

    // the report's row carries exactly these numbers
    const preview = await ctx.studio.previewReport({ projectDir: dir, runIds: [runId], sections: ['summary', 'coverage', 'runTable'] });
    expect(preview.records[0]).toMatchObject({ l0: held.core.l0, fvu: held.core.fvu, coverage: held.board!.coverage, boardReconstruction: held.board!.boardReconstruction, coverageAboveChance: held.board!.coverageAboveChance, evalRows: held.rows });

    // the demo's baselines on the same held-out rows: the residual basis reconstructs exactly
    const [random, neurons] = await ctx.studio.getBaselineScores({ projectDir: dir, datasetId, width: 32 });
    expect(random).toMatchObject({ baseline: 'random', width: 32, datasetId });
    expect(neurons).toMatchObject({ baseline: 'neurons', width: 16, fvu: 0 });
    expect(random.board!.testPositions).toBe(held.board!.testPositions);
    expect(random.board!.coverageAlwaysOn).toBe(held.board!.coverageAlwaysOn);
  }, 60_000);

  it('says why there are no board metrics when the held-out rows span one game', async () => {
    const dir = path.join(ctx.tmp, 'q.fstudio');
    const { runId } = await seedExplorerProject(dir, { games: 6, features: 16 });
    await ctx.studio.openProject({ dir });
    const held = await ctx.studio.getHeldOutScores({ projectDir: dir, runId });
    expect(held.board).toBeNull();
    expect(held.boardMissing).toMatch(/held-out rows span 1 game/);
    expect(held.core.rows).toBe(held.rows);
  }, 60_000);
});
