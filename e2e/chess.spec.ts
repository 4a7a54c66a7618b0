import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Chess } from 'chess.js';
import { importPgn, splitPgn } from '../src/core/games/chess';
import { expect, test } from './fixtures';
import { DatasetsPage } from './pages/DatasetsPage';
import { FeaturesPage } from './pages/FeaturesPage';
import { HomePage } from './pages/HomePage';
import { saveScreenshot } from './screenshots';
import { studioApi } from './studioApi';

// Real games (../shared/data/chess/SOURCES.md): Capablanca's, from hlotze/pgn2tex. The job
// reads this bundled file when given no PGN.
const CAPABLANCA = path.resolve('../shared/data/chess/masters_Capablanca.pgn');
const GAMES = 40;

test('a chess project: a feature’s top examples are drawn as the chess boards of their positions', async ({ page, studio }) => {
  test.setTimeout(120_000);
  // Built through the studio's API: a tiny chess model trained a few steps on 60 real games
  // (weak, but its activations are real), its activations at the transcript dots of the
  // first 40 bundled games, and a TopK SAE trained on them.
  const api = studioApi(studio.server.url);
  const dir = path.join(studio.root, 'chess.fstudio');
  const pgn = path.join(studio.root, 'capablanca-60.pgn');
  const text = await readFile(CAPABLANCA, 'utf8');
  await writeFile(pgn, splitPgn(text).slice(0, 60).map((g) => `${g.tags.join('\n')}\n\n${g.movetext}`).join('\n\n'));
  await api.call('createProject', { dir, name: 'Chess' });
  await api.runJob(dir, 'train-game-model', { id: 'chess-tiny', game: 'chess', pgn, d: 32, layers: 1, heads: 2, steps: 20, batch: 8, evalGames: 2, threads: 1 });
  await api.runJob(dir, 'extract-activations', { id: 'chess-acts', game: 'chess', modelId: 'chess-tiny', layer: 0, games: GAMES });
  const { jobId } = await api.call<{ jobId: string }>('trainSae', { projectDir: dir, datasetId: 'chess-acts', name: 'TopK', evaluate: false, configs: [{ arch: 'topk', archConfig: { k: 4 }, width: 64, batchSize: 64, steps: 200, lr: 3e-3, logEvery: 50 }] });
  await api.waitForJob(jobId);

  await new HomePage(page).openProject(dir);
  const datasets = new DatasetsPage(page);
  await datasets.open();
  await expect(datasets.extras('Chess activations')).toHaveText('chess board states');
  const features = new FeaturesPage(page);
  await features.open();
  await features.waitForStatistics();
  await features.sortBy('frequency');
  await features.rows().first().click();
  const board = features.boards().first();
  await expect(board).toHaveAttribute('data-kind', 'chess');

  // The board is the position after `ply` moves of that game: every square shows the piece
  // chess.js has there (glyph and letter), and nothing else.
  const g = Number(await board.getAttribute('data-game'));
  const ply = Number(await board.getAttribute('data-ply'));
  const game = importPgn(text, { maxPlies: 40 }).games[g];
  const chess = new Chess();
  const moves = game.sans.slice(0, ply).map((san) => chess.move(san));
  const expected = chess.board().flat().filter((p) => p !== null);
  await expect(board.getByTestId('piece')).toHaveCount(expected.length);
  const GLYPH = { k: '♚', q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' };
  for (const p of expected) {
    const piece = board.locator(`[data-testid="piece"][data-square="${p.square}"]`);
    await expect(piece).toHaveAttribute('data-piece', p.color === 'w' ? p.type.toUpperCase() : p.type);
    await expect(piece).toHaveText(new RegExp(GLYPH[p.type]));
  }
  // the move just played is tinted on its two squares (none before the first move)
  await expect(board.locator('rect.cell.moved')).toHaveCount(ply === 0 ? 0 : 2);
  if (ply > 0) {
    const last = moves.at(-1)!;
    for (const sq of [last.from, last.to]) await expect(board.locator(`rect.cell[data-square="${sq}"]`)).toHaveClass(/moved/);
  }
  await expect(board.getByText('a', { exact: true })).toBeVisible();
  await saveScreenshot(page, 'feature-explorer-chess');
});
