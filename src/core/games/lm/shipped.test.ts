import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { othelloHeldOutGames, othelloLegalMoveAccuracy, othelloProbeAccuracies } from './othello';
import { loadModelDir, loadOthelloModel, MODEL_CONFIG_FILE, OTHELLO_MODEL_DIR } from './shipped';

describe('shipped Othello model (resources/models/othello)', () => {
  it('loads and plays legal moves on 200 held-out random games (≥ 95% top-1), as its config.json claims', async () => {
    const model = await loadOthelloModel();
    // Seed 3 of the held-out range: games neither in training nor in the script's own evaluation.
    const accuracy = await othelloLegalMoveAccuracy(model, othelloHeldOutGames(200, 3), { threads: 2 });
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    const { info } = await loadModelDir(OTHELLO_MODEL_DIR);
    expect(info.metrics.legalMoveAccuracy as number).toBeGreaterThanOrEqual(0.95);
    expect(Math.abs((info.metrics.legalMoveAccuracy as number) - accuracy)).toBeLessThan(0.02);
  });

  it('represents the board: a mine/theirs/empty probe reads resid_post 2 far better than the embeddings', async () => {
    const model = await loadOthelloModel();
    // The shipped config.json records 87.1% at layer 2 (500 fit games, 200 scored) and 64.9% for the embeddings.
    const [embed, mid] = await othelloProbeAccuracies(model, othelloHeldOutGames(150, 5), othelloHeldOutGames(50, 6), { threads: 2 }).then((a) => [a[0], a[3]]);
    expect(mid).toBeGreaterThan(0.85);
    expect(mid - embed).toBeGreaterThan(0.15);
  });

  it('names the file at fault when a model folder is broken', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fs-model-'));
    try {
      await expect(loadOthelloModel(dir)).rejects.toThrow(/no model config/);
      await fs.writeFile(path.join(dir, MODEL_CONFIG_FILE), '{"model": {"game": "othello"}}');
      await expect(loadOthelloModel(dir)).rejects.toMatchObject({ where: expect.stringContaining('model.seed') });
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
