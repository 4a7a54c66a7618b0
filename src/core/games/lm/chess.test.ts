import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { importPgn } from '../chess';
import { CHESS_MODEL, CHESS_WINDOW, chessLegalMoveAccuracy, chessRows, moveStarts } from './chess';
import { TranscriptModel } from './model';
import { trainLoop } from './train';

// Real games: ../shared/data/chess/masters_Capablanca.pgn (hlotze/pgn2tex, see that folder's SOURCES.md).
const PGN = new URL('../../../../../shared/data/chess/masters_Capablanca.pgn', import.meta.url);

describe('chess transcript model', () => {
  it('move starts sit just after "N." and after the space before Black\'s move, with the legal moves of that position', () => {
    const starts = moveStarts({ number: 1, headers: {}, sans: ['e4', 'e5', 'Nf3'] }, 159);
    const text = (ids: Uint8Array) => Array.from(ids, (v) => ' #+-.0123456789;=BKNOQRabcdefghx'[v]).join('');
    expect(starts.map((s) => text(s.prefix))).toEqual([';1.', ';1.e4 ', ';1.e4 e5 2.']);
    // 20 replies at the start and after 1.e4; 29 for White after 1.e4 e5.
    expect(starts.map((s) => s.legal.size)).toEqual([20, 20, 29]);
    expect(starts[2].legal.has('Nf3')).toBe(true);
  });

  it('a small model that memorised two real games continues every move start of them with a legal move', async () => {
    const games = importPgn(await fs.readFile(PGN, 'utf8'), { maxPlies: 40 }).games.slice(0, 2);
    const rows = chessRows(games);
    const config = { ...CHESS_MODEL, gpt: { ...CHESS_MODEL.gpt, d: 32, heads: 2, layers: 2 } };
    const untrained = TranscriptModel.init(config);
    const before = await chessLegalMoveAccuracy(untrained, games, { batch: 16, threads: 1 });
    const { model, losses } = await trainLoop(untrained, {
      batch: 2,
      target: 'next-token',
      weightDecay: 0,
      beta2: 0.95,
      clipNorm: 1,
      threads: 1,
      schedule: { steps: 250, peakLr: 1e-2, warmupSteps: 10, floor: 0.1 },
      nextBatch: () => ({ rows: 2, width: CHESS_WINDOW, tokens: rows.tokens, lengths: rows.lengths }),
    });
    expect(losses[losses.length - 1]).toBeLessThan(0.1);
    const after = await chessLegalMoveAccuracy(model, games, { batch: 16, threads: 1 });
    expect(after.positions).toBeGreaterThan(30);
    expect(before.accuracy).toBeLessThan(0.2);
    expect(after.accuracy).toBeGreaterThan(0.95);
  });
});
