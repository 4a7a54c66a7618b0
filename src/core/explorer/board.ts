import type { BspFamily } from '../games/family';
import { squareName } from '../games/othello';

/** What a square shows in a rendered example: the stone colours, or mine/yours from the mover's side. */
export type SquareState = 'black' | 'white' | 'mine' | 'yours' | 'empty';

/** The board of one explored row, as the feature page draws it. */
export interface BoardContext {
  game: number;
  ply: number;
  /** 64 squares, a1..h8 in the board module's order */
  squares: SquareState[];
  /** the square of the move just played, or null when the labels do not say */
  move: number | null;
}

/** Class names per 8×8 family channel (games/othello/bsp.ts: black_white is board value + 1). */
const CLASS_NAMES: Record<string, readonly string[]> = {
  mine_yours: ['mine', 'blank', 'yours'],
  mine_yours_blank_mask: ['mine', 'blank', 'yours'],
  black_white: ['white', 'empty', 'black'],
};

/** "mine_yours_blank_mask d3 = mine", "valid_moves c4": what an analyst reads for a property. */
export function propertyLabel(family: Pick<BspFamily, 'name' | 'classes' | 'rows' | 'cols'>, cell: number): string {
  const square = Math.floor(cell / family.classes);
  const where = family.rows === 8 && family.cols === 8 ? squareName(square) : `cell ${square}`;
  if (family.classes === 1) return `${family.name} ${where}`;
  const cls = cell % family.classes;
  return `${family.name} ${where} = ${CLASS_NAMES[family.name]?.[cls] ?? `class ${cls}`}`;
}

/** The square a property is about, for highlighting on an 8×8 board; null elsewhere. */
export function propertySquare(family: Pick<BspFamily, 'classes' | 'rows' | 'cols'>, cell: number): number | null {
  return family.rows === 8 && family.cols === 8 ? Math.floor(cell / family.classes) : null;
}

/**
 * The board at `row` from the labels an extraction wrote: stone colours from black_white when
 * present, else mine/yours; the move from last_move. Null without an 8×8 board family.
 */
export function boardAt(labels: { game: Uint32Array; ply: Uint8Array; families: readonly BspFamily[] }, row: number): BoardContext | null {
  const byName = (name: string) => labels.families.find((f) => f.name === name);
  const stones = byName('black_white') ?? byName('mine_yours') ?? byName('mine_yours_blank_mask');
  if (!stones) return null;
  const names: SquareState[] = stones.name === 'black_white' ? ['white', 'empty', 'black'] : ['mine', 'empty', 'yours'];
  const base = row * 64 * 3;
  const squares = Array.from({ length: 64 }, (_, sq): SquareState => {
    for (let c = 0; c < 3; c++) if (stones.data[base + sq * 3 + c]) return names[c];
    return 'empty';
  });
  const last = byName('last_move');
  let move: number | null = null;
  if (last) for (let sq = 0; sq < 64; sq++) if (last.data[row * 64 + sq]) move = sq;
  return { game: labels.game[row], ply: labels.ply[row], squares, move };
}
