/**
 * Square geometry on a piece-value board (the paper's encoding: index = rank·8 + file, row 0 =
 * rank 1; value −6..6, negative = black, P1 N2 B3 R4 Q5 K6). chess.js answers legality; the
 * attack sets and absolute pins that python-chess offers (`attacks`, `is_pinned`) and chess.js
 * does not are computed here.
 */
export const PAWN = 1;
export const KNIGHT = 2;
export const BISHOP = 3;
export const ROOK = 4;
export const QUEEN = 5;
export const KING = 6;

const KNIGHT_STEPS = [[1, 2], [2, 1], [2, -1], [1, -2], [-1, -2], [-2, -1], [-2, 1], [-1, 2]] as const;
const KING_STEPS = [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]] as const;
const ORTHO = [[1, 0], [-1, 0], [0, 1], [0, -1]] as const;
const DIAG = [[1, 1], [1, -1], [-1, 1], [-1, -1]] as const;

/** Board index of a square name such as "e4". */
export function squareIndex(square: string): number {
  return (square.charCodeAt(1) - 49) * 8 + (square.charCodeAt(0) - 97);
}

const on = (r: number, f: number) => r >= 0 && r < 8 && f >= 0 && f < 8;

/** Squares attacked by the piece on `sq` (sliders stop at and include the first piece). */
export function attacksFrom(values: Int8Array, sq: number): number[] {
  const v = values[sq];
  const type = Math.abs(v);
  const r0 = sq >> 3;
  const f0 = sq & 7;
  const out: number[] = [];
  const steps = (list: readonly (readonly [number, number])[]) => {
    for (const [dr, df] of list) if (on(r0 + dr, f0 + df)) out.push((r0 + dr) * 8 + f0 + df);
  };
  const rays = (list: readonly (readonly [number, number])[]) => {
    for (const [dr, df] of list) {
      for (let r = r0 + dr, f = f0 + df; on(r, f); r += dr, f += df) {
        out.push(r * 8 + f);
        if (values[r * 8 + f] !== 0) break;
      }
    }
  };
  if (type === PAWN) steps(v > 0 ? [[1, -1], [1, 1]] : [[-1, -1], [-1, 1]]);
  else if (type === KNIGHT) steps(KNIGHT_STEPS);
  else if (type === KING) steps(KING_STEPS);
  else {
    if (type === ROOK || type === QUEEN) rays(ORTHO);
    if (type === BISHOP || type === QUEEN) rays(DIAG);
  }
  return out;
}

/**
 * Whether the piece on `sq` is pinned to its own king (moving it off the line would expose the
 * king to a rook, bishop or queen), as python-chess `Board.is_pinned`.
 */
export function isPinned(values: Int8Array, sq: number): boolean {
  const sign = Math.sign(values[sq]);
  if (sign === 0 || Math.abs(values[sq]) === KING) return false;
  const king = values.indexOf(KING * sign);
  if (king < 0) return false;
  const dr = Math.sign((sq >> 3) - (king >> 3));
  const df = Math.sign((sq & 7) - (king & 7));
  const aligned = (sq >> 3) === (king >> 3) || (sq & 7) === (king & 7) || Math.abs((sq >> 3) - (king >> 3)) === Math.abs((sq & 7) - (king & 7));
  if (!aligned) return false;
  const diagonal = dr !== 0 && df !== 0;
  let passed = false;
  for (let r = (king >> 3) + dr, f = (king & 7) + df; on(r, f); r += dr, f += df) {
    const v = values[r * 8 + f];
    if (v === 0) continue;
    if (!passed) {
      if (r * 8 + f !== sq) return false;
      passed = true;
      continue;
    }
    const type = Math.abs(v);
    return Math.sign(v) === -sign && (type === QUEEN || (diagonal ? type === BISHOP : type === ROOK));
  }
  return false;
}
