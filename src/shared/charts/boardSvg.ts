import { StudioError } from '../errors';
import type { ChessBoardContext } from '../schemas/board';
import type { FeatureDetail } from '../schemas/features';

/** An example's board as the explorer gives it: Othello, or chess (`kind: 'chess'`). */
export type ExampleBoard = NonNullable<FeatureDetail['examples'][number]['board']>;

/**
 * The colours of the feature page's boards (renderer/components/features/OthelloBoard.vue and
 * ChessBoard.vue, light theme), so a board in the PDF looks like the one on screen.
 */
export const BOARD_COLOURS = {
  felt: '#2f7d4f',
  grid: '#1f5235',
  dark: '#111111',
  light: '#f5f5f5',
  lightEdge: '#999999',
  mine: '#60a5fa',
  move: '#dc2626',
  highlight: '#f59e0b',
  /** chess squares, and the last move's two squares tinted on either colour */
  chessLight: '#eeeed2',
  chessDark: '#769656',
  chessMovedLight: '#f6f669',
  chessMovedDark: '#baca2b',
  chessWhitePiece: '#ffffff',
  chessPieceEdge: '#1f2933',
} as const;

/** The filled glyph for both colours, told apart by fill (as ChessBoard.vue draws them). */
const GLYPH: Record<string, string> = { k: '♚', q: '♛', r: '♜', b: '♝', n: '♞', p: '♟' };

const SIDE = 8;

/**
 * An example's board as a standalone SVG string (for the PDF report, drawn in the core with
 * svg-to-pdfkit), with the property the feature classifies best outlined; `size` is the side in
 * points. Othello: squares a1..h8 as index = row · 8 + column from the top, the stones and a red
 * dot on the move just played. Chess: rank 8 at the top, the last move's two squares tinted, the
 * pieces as the app's glyphs where the font has them (`chessGlyphs`: DejaVu Sans does), else as
 * FEN letters on discs (Helvetica has no chess glyphs).
 */
export function boardSvg(board: ExampleBoard, highlight: number | null, size: number, { chessGlyphs = false } = {}): string {
  if (board.squares.length !== SIDE * SIDE) throw new StudioError('shape', `a board needs ${SIDE * SIDE} squares, got ${board.squares.length}`, 'board.squares');
  const chess = 'kind' in board && board.kind === 'chess';
  // chess squares count from a1 at the bottom left; Othello's from a1 at the top left
  const at = (sq: number) => ({ x: sq & 7, y: chess ? SIDE - 1 - (sq >> 3) : sq >> 3 });
  const parts = chess ? chessParts(board, at, chessGlyphs) : othelloParts(board, at);
  if (highlight !== null) {
    const { x, y } = at(highlight);
    parts.push(`<rect x="${x + 0.06}" y="${y + 0.06}" width="0.88" height="0.88" fill="none" stroke="${BOARD_COLOURS.highlight}" stroke-width="0.12"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${SIDE} ${SIDE}">${parts.join('')}</svg>`;
}

type Place = (sq: number) => { x: number; y: number };

function othelloParts(board: ExampleBoard, at: Place): string[] {
  const c = BOARD_COLOURS;
  const parts: string[] = [`<rect x="0" y="0" width="${SIDE}" height="${SIDE}" fill="${c.felt}"/>`];
  board.squares.forEach((state, sq) => {
    const { x, y } = at(sq);
    parts.push(`<rect x="${x}" y="${y}" width="1" height="1" fill="none" stroke="${c.grid}" stroke-width="0.03"/>`);
    if (state === 'black' || state === 'mine') {
      const edge = state === 'mine' ? ` stroke="${c.mine}" stroke-width="0.06"` : '';
      parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.38" fill="${c.dark}"${edge}/>`);
    } else if (state === 'white' || state === 'yours') {
      parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.38" fill="${c.light}" stroke="${c.lightEdge}" stroke-width="0.02"/>`);
    }
  });
  if (board.move !== null) {
    const { x, y } = at(board.move);
    parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.12" fill="${c.move}"/>`);
  }
  return parts;
}

function chessParts(board: ChessBoardContext, at: Place, glyphs: boolean): string[] {
  const c = BOARD_COLOURS;
  const parts: string[] = [];
  board.pieces.forEach((piece, sq) => {
    const { x, y } = at(sq);
    // a1 (file 0, rank 0) is a dark square
    const dark = ((sq & 7) + (sq >> 3)) % 2 === 0;
    const moved = sq === board.move || sq === board.from;
    parts.push(`<rect x="${x}" y="${y}" width="1" height="1" fill="${dark ? (moved ? c.chessMovedDark : c.chessDark) : moved ? c.chessMovedLight : c.chessLight}"/>`);
    if (piece === '') return;
    const white = piece === piece.toUpperCase();
    if (glyphs) {
      const paint = white ? `fill="${c.chessWhitePiece}" stroke="${c.chessPieceEdge}" stroke-width="0.03"` : `fill="${c.dark}"`;
      parts.push(`<text x="${x + 0.5}" y="${y + 0.8}" font-size="0.8" text-anchor="middle" ${paint}>${GLYPH[piece.toLowerCase()]}</text>`);
      return;
    }
    parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.36" fill="${white ? c.light : c.dark}" stroke="${c.dark}" stroke-width="0.04"/>`);
    parts.push(`<text x="${x + 0.5}" y="${y + 0.66}" font-size="0.46" font-weight="bold" text-anchor="middle" fill="${white ? c.dark : c.light}">${piece.toUpperCase()}</text>`);
  });
  return parts;
}
