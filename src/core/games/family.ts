/**
 * A board-state property (BSP) family (ALGORITHMS-DETAIL §1.2): for every position a
 * rows × cols × classes tensor of 0/1 entries. Families with at most two values use one
 * channel. `maskIdx` names a class channel that is always zeroed (it is excluded from the
 * paper's coverage denominator, §1.4).
 */
export interface BspFamily {
  name: string;
  rows: number;
  cols: number;
  classes: number;
  maskIdx?: number;
  /** positions × rows × cols × classes, row-major */
  data: Uint8Array;
}

export function familyCells(f: Pick<BspFamily, 'rows' | 'cols' | 'classes'>): number {
  return f.rows * f.cols * f.classes;
}

export function familyPositions(f: BspFamily): number {
  return f.data.length / familyCells(f);
}
