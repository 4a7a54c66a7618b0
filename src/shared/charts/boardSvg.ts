import { StudioError } from '../errors';
import type { FeatureDetail } from '../schemas/features';

export type ExampleBoard = NonNullable<FeatureDetail['examples'][number]['board']>;

/**
 * The colours of the feature page's board (renderer/components/features/OthelloBoard.vue), so a
 * board in the PDF looks like the one on screen.
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
} as const;

const SIDE = 8;

/**
 * An example's board as a standalone SVG string (for the PDF report, drawn in the core with
 * svg-to-pdfkit): an 8×8 board, squares a1..h8 as index = row · 8 + column, the stones, a red
 * dot on the move just played and an outlined square for the property the feature classifies
 * best. `size` is the side in points.
 */
export function boardSvg(board: ExampleBoard, highlight: number | null, size: number): string {
  if (board.squares.length !== SIDE * SIDE) throw new StudioError('shape', `a board needs ${SIDE * SIDE} squares, got ${board.squares.length}`, 'board.squares');
  const c = BOARD_COLOURS;
  const parts: string[] = [`<rect x="0" y="0" width="${SIDE}" height="${SIDE}" fill="${c.felt}"/>`];
  board.squares.forEach((state, sq) => {
    const x = sq & 7;
    const y = sq >> 3;
    parts.push(`<rect x="${x}" y="${y}" width="1" height="1" fill="none" stroke="${c.grid}" stroke-width="0.03"/>`);
    if (state === 'black' || state === 'mine') {
      const edge = state === 'mine' ? ` stroke="${c.mine}" stroke-width="0.06"` : '';
      parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.38" fill="${c.dark}"${edge}/>`);
    } else if (state === 'white' || state === 'yours') {
      parts.push(`<circle cx="${x + 0.5}" cy="${y + 0.5}" r="0.38" fill="${c.light}" stroke="${c.lightEdge}" stroke-width="0.02"/>`);
    }
  });
  if (highlight !== null) parts.push(`<rect x="${(highlight & 7) + 0.06}" y="${(highlight >> 3) + 0.06}" width="0.88" height="0.88" fill="none" stroke="${c.highlight}" stroke-width="0.12"/>`);
  if (board.move !== null) parts.push(`<circle cx="${(board.move & 7) + 0.5}" cy="${(board.move >> 3) + 0.5}" r="0.12" fill="${c.move}"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${SIDE} ${SIDE}">${parts.join('')}</svg>`;
}
