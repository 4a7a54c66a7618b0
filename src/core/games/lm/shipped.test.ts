import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { chessLegalMoveAccuracy } from './chess';
import { CHESS_EXTRACTION_PGN, chessProbeAccuracies, readPgnGames } from './chess-training';
import { othelloHeldOutGames, othelloLegalMoveAccuracy, othelloProbeAccuracies } from './othello';
import { CHESS_MODEL_DIR, loadChessModel, loadModelDir, loadOthelloModel, MODEL_CONFIG_FILE, OTHELLO_MODEL_DIR } from './shipped';

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
    // The shipped config.json records 90.5% at layer 2 (500 fit games, 200 scored) and 64.9% for the embeddings;
    // the 2,800-step weights before it read 86.7% there, under this bound.
    const [embed, mid] = await othelloProbeAccuracies(model, othelloHeldOutGames(150, 5), othelloHeldOutGames(50, 6), { threads: 2 }).then((a) => [a[0], a[3]]);
    expect(mid).toBeGreaterThan(0.88);
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

describe('shipped chess model (resources/models/chess)', () => {
  // Capablanca's games (../shared/data/chess/masters_Capablanca.pgn, see its SOURCES.md): real
  // games from outside the Lichess file the model trained on, and master play unlike it.
  const capablanca = readPgnGames(CHESS_EXTRACTION_PGN).then((r) => r.games);

  it('continues move starts of unseen games with legal moves, as its config.json reports on its own held-out games', async () => {
    const model = await loadChessModel();
    // config.json: 74.4% on 1,517 move starts of 50 held-out Lichess games; on 20 Capablanca games 66.9%.
    const { accuracy, positions } = await chessLegalMoveAccuracy(model, (await capablanca).slice(0, 10), { threads: 2 });
    expect(positions).toBeGreaterThan(250);
    expect(accuracy).toBeGreaterThan(0.6);
    const { info } = await loadModelDir(CHESS_MODEL_DIR);
    expect(info.metrics.legalMoveAccuracyAtMoveStarts as number).toBeGreaterThan(0.7);
  });

  it('represents the pieces: a piece_state probe reads its last layer better than the embeddings', async () => {
    const model = await loadChessModel();
    const games = await capablanca;
    // 100 games fitted, 30 others scored: 82.2% at resid_post 3 against 77.4% for the embeddings.
    const probes = await chessProbeAccuracies(model, games.slice(100, 200), games.slice(0, 30), { threads: 2 });
    expect(probes.at(-1)! - probes[0]).toBeGreaterThan(0.03);
    expect(probes.at(-1)!).toBeGreaterThan(0.8);
  });

  it('is not taken for an Othello model, nor the Othello one for it', async () => {
    await expect(loadOthelloModel(CHESS_MODEL_DIR)).rejects.toMatchObject({ code: 'bad-file', where: CHESS_MODEL_DIR });
    await expect(loadOthelloModel(CHESS_MODEL_DIR)).rejects.toThrow('this is a chess model, not an Othello model');
    await expect(loadChessModel(OTHELLO_MODEL_DIR)).rejects.toThrow('this is an Othello model, not a chess model');
  });
});
