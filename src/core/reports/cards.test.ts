import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BOARD_COLOURS } from '../../shared/charts/boardSvg';
import type { ChessPiece } from '../../shared/schemas/board';
import { exampleCaption } from '../../shared/charts/featureCard';
import { parseCsvRecords } from '../data/csv';
import { CARD_COLUMNS, cardsCsv, writeCardsCsv } from './cardsCsv';
import { checkReport } from './model';
import { writeReportPdf } from './pdf';
import { pdfFirstPageInk, pdfPageCount, pdfText } from './pdfTools';
import { testCard, testReport } from './testReport';

const withCards = (n: number) => ({ ...testReport(), sections: ['summary', 'featureCards'] as const, cards: Array.from({ length: n }, (_, i) => testCard(10 + i)) });

describe('feature cards', () => {
  it('puts each card on a page of its own after the sections before it', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-cards-'));
    try {
      const file = path.join(dir, 'cards.pdf');
      await writeReportPdf(file, withCards(2));
      const pages = await pdfPageCount(file);
      if (pages === null) return; // pdfinfo (poppler-utils) is not installed
      // page 1: title and summary; pages 2 and 3: one card each
      expect(pages).toBe(3);
      const text = (await pdfText(file))!;
      const byPage = text.split('\f');
      expect(byPage[1]).toContain('Feature cards');
      expect(byPage[1]).toContain('topk-k8 · feature 10');
      expect(byPage[2]).toContain('topk-k8 · feature 11');
      for (const s of ['mine_yours_blank_mask d3 = yours', '0.72', '“a yours stone on d3, "often" after a diagonal flip” (manual, score 0.81)', 'game 2, ply 9', 'row 99', '20% of rows (40 of 200)']) expect(byPage[1].replace(/\s+/g, ' ')).toContain(s);
      const ink = await pdfFirstPageInk(file);
      if (ink !== null) expect(ink).toBeGreaterThan(0.01);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says a dead feature never fires instead of drawing an empty histogram', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-cards-'));
    try {
      const file = path.join(dir, 'dead.pdf');
      const dead = { ...testCard(4), frequency: 0, maxActivation: 0, meanActivation: 0, histogram: { edges: [0, 1], counts: [0], rows: 200 }, properties: [], examples: [] };
      await writeReportPdf(file, { ...withCards(0), cards: [dead] });
      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed
      const card = text.split('\f')[1];
      expect(card).toContain('This feature never fires on the explored rows.');
      expect(card).not.toContain('rows (count)');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('draws a chess example with its own legend for the last move', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-cards-'));
    try {
      const file = path.join(dir, 'chess.pdf');
      const pieces: ChessPiece[] = Array.from({ length: 64 }, (_, sq) => (sq === 4 ? 'K' : sq === 60 ? 'k' : sq === 28 ? 'Q' : ''));
      const board = { kind: 'chess' as const, game: 1, ply: 7, pieces, squares: pieces.map((p) => (p === '' ? ('empty' as const) : p === p.toUpperCase() ? ('white' as const) : ('black' as const))), move: 28, from: 3 };
      const card = { ...testCard(6), examples: [{ row: 3, activation: 2, board, tokens: null }] };
      await writeReportPdf(file, { ...withCards(0), cards: [card] });
      const text = await pdfText(file);
      if (text === null) return; // pdftotext (poppler-utils) is not installed
      const card1 = text.split('\f')[1].replace(/\s+/g, ' ');
      expect(card1).toContain('tinted squares: the move just played');
      expect(card1).toContain('game 1, ply 7');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses cards without their section and the section without cards, naming the field', () => {
    expect(() => checkReport({ ...withCards(1), sections: ['summary'] })).toThrow(/featureCards section is not among the sections \(sections\)/);
    expect(() => checkReport({ ...withCards(0) })).toThrow(/at least one chosen feature \(features\)/);
  });

  it('writes one CSV row per card with its numbers, empty where a card has no property', async () => {
    const bare = { ...testCard(3), properties: [], examples: [], explanation: null };
    const cards = [testCard(7), bare];
    const [header, ...rows] = parseCsvRecords(cardsCsv(cards));
    expect(header).toEqual([...CARD_COLUMNS]);
    const col = (r: string[], c: string) => r[header.indexOf(c)];
    expect(rows.map((r) => col(r, 'feature'))).toEqual(['7', '3']);
    expect(col(rows[0], 'firingRows')).toBe('40');
    expect(Number(col(rows[0], 'f1'))).toBe(0.72);
    expect(col(rows[0], 'topExampleActivation')).toBe('3.5');
    expect(col(rows[0], 'explanation')).toBe('a yours stone on d3, "often" after a diagonal flip');
    expect(Number(col(rows[0], 'explanationScore'))).toBe(0.81);
    for (const c of ['bestProperty', 'precision', 'recall', 'f1', 'topExampleActivation', 'explanation', 'explanationScore']) expect(col(rows[1], c)).toBe('');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fs-cards-'));
    try {
      await writeCardsCsv(path.join(dir, 'c.csv'), cards);
      expect(await readFile(path.join(dir, 'c.csv'), 'utf8')).toBe(cardsCsv(cards));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('captions an example by its position when it has a board, else by its row', () => {
    const [onBoard, , plain] = testCard(1).examples;
    expect(exampleCaption(onBoard)).toBe('game 2, ply 9 · f = 3.5');
    expect(exampleCaption(plain)).toBe('row 99 · f = 3');
    const tokens = { sequence: 4, position: 2, tokens: ['The', ' cat', ' sat'], at: 1, activations: [null, 3, 0] };
    expect(exampleCaption({ ...plain, tokens })).toBe('“The[ cat] sat” · f = 3');
  });

  it('draws boards in the colours of the app’s board components', () => {
    const vue = readFileSync(path.resolve(__dirname, '../../renderer/components/features/OthelloBoard.vue'), 'utf8');
    for (const key of ['felt', 'grid', 'mine', 'move'] as const) expect(vue).toContain(BOARD_COLOURS[key]);
    const chess = readFileSync(path.resolve(__dirname, '../../renderer/components/features/ChessBoard.vue'), 'utf8');
    for (const key of ['chessLight', 'chessDark', 'chessMovedLight', 'chessMovedDark', 'chessWhitePiece', 'chessPieceEdge'] as const) expect(chess).toContain(BOARD_COLOURS[key]);
    expect(vue).toContain('#111');
    expect(vue).toContain(BOARD_COLOURS.light);
    // the outline is the app's focus colour (styles/base.css --focus, light theme)
    expect(readFileSync(path.resolve(__dirname, '../../renderer/styles/base.css'), 'utf8')).toContain(`--focus: ${BOARD_COLOURS.highlight}`);
  });

});
